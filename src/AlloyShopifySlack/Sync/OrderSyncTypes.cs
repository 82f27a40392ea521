using AlloyShopifySlack.Common;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Sync;

/// <summary>The outside world of one tenant's run.</summary>
public sealed class OrderSyncDependencies
{
    public OrderSyncDependencies(IOrderSource source, IAlertPoster poster, IAlertComposer composer, IClock? clock = null)
    {
        Source = source;
        Poster = poster;
        Composer = composer;
        Clock = clock ?? SystemClock.Instance;
    }

    public IOrderSource Source { get; }
    public IAlertPoster Poster { get; }
    public IAlertComposer Composer { get; }
    public IClock Clock { get; }
    /// <summary>-TagOrders (the Shopify client).</summary>
    public IOrderTagger? Tagger { get; init; }
    /// <summary>-LogToGoogleSheet (the Sheets order log): one row per alerted order.</summary>
    public IOrderLog? RowLog { get; init; }
    public ISyncEventSink? Events { get; init; }
    /// <summary>Checks the channels before the ledger is opened (so a bad channel stores nothing).</summary>
    public IChannelCheck? ChannelCheck { get; init; }
    /// <summary>Channel pacers shared with the other tenants of the same invocation (null: this run's own).</summary>
    public ChannelPacing? SharedPacing { get; init; }
    /// <summary>The Slack workspace (team id) the alerts go to: tenants of one workspace share its limit (null: unknown).</summary>
    public string? SlackWorkspace { get; init; }
}

/// <summary>Who the run is for, for messages and the result (never a secret).</summary>
public sealed class SyncTarget
{
    public string Tenant { get; init; } = string.Empty;
    public string Shop { get; init; } = string.Empty;
    public string? SlackCredential { get; init; }
    public string StatePath { get; init; } = string.Empty;
}

/// <summary>A finished run: the result, and (for -WhatIf) the plan, and what happened to each alert.</summary>
public sealed record OrderSyncRun(OrderSyncResult Result, IReadOnlyList<OrderSyncPlanItem> Plan, IReadOnlyList<AlertOutcome> Outcomes)
{

    /// <summary>-WhatIf: the messages the run would post (composed on each call; none for a run that posted).</summary>
    public IReadOnlyList<PlannedMessage> ComposePlannedMessages() => MessagePlanner?.Invoke() ?? Array.Empty<PlannedMessage>();

    internal Func<IReadOnlyList<PlannedMessage>>? MessagePlanner { get; init; }
}
