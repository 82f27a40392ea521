using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync;

/// <summary>Names of the facts a run learns about a tenant's services and later runs start with (<see
/// cref="IOrderLedger.Facts"/>).</summary>
public static class LearnedFacts
{
    /// <summary>The most orders per listOrders call that fit Shopify's single-query cost limit.</summary>
    public const string ShopifyPageSize = "shopify.pageSize";

    /// <summary>
    /// "slack.pace/&lt;channel&gt;": the channel's pace that Slack's refusals taught ("seconds;burst", invariant), so
    /// that the next run (a new process) paces the channel from its first post instead of learning it again.
    /// </summary>
    public const string SlackPacePrefix = "slack.pace/";

    /// <summary>
    /// "slack.historyRead/&lt;channel&gt;" = "fromTs toTs": a reconcile pass that ran out of time read every message
    /// between the two and none of the alerts then pending was there. The next run reads what came since and goes
    /// on from where it stopped.
    /// </summary>
    public const string HistoryRead = "slack.historyRead/";

    /// <summary>Orders were read by update time up to here (follow-ups).</summary>
    public const string FollowUpsUpdatedThrough = "followUps.updatedThrough";

    /// <summary>The created window has been read since here, so an unknown qualifying order newer than it was below the
    /// threshold.</summary>
    public const string FollowUpsCoveredFrom = "followUps.coveredFrom";
}

/// <summary>A port that starts each run with what earlier runs learned and records what it learns (optional).</summary>
public interface IUsesLearnedFacts
{
    /// <summary>Called once the run's ledger is open; <paramref name="record"/> false (-WhatIf): read the facts, write none.</summary>
    void UseFacts(IOrderLedger ledger, bool record);
}
