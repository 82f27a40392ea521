using System;
using System.Collections.Generic;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync
{
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
        public IOrderTagger? Tagger { get; init; }
        public IAlertRowLog? RowLog { get; init; }
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
    public sealed class OrderSyncRun
    {
        public OrderSyncRun(OrderSyncResult result, IReadOnlyList<OrderSyncPlanItem> plan, IReadOnlyList<AlertOutcome> outcomes)
        {
            Result = result;
            Plan = plan;
            Outcomes = outcomes;
        }

        public OrderSyncResult Result { get; }
        public IReadOnlyList<OrderSyncPlanItem> Plan { get; }
        public IReadOnlyList<AlertOutcome> Outcomes { get; }

        /// <summary>-WhatIf: the messages the run would post (composed on each call; none for a run that posted).</summary>
        public IReadOnlyList<PlannedMessage> ComposePlannedMessages() => MessagePlanner?.Invoke() ?? Array.Empty<PlannedMessage>();

        internal Func<IReadOnlyList<PlannedMessage>>? MessagePlanner { get; init; }
    }

    /// <summary>One order the run has to do something about.</summary>
    internal sealed class WorkItem
    {
        public WorkItem(ShopifyOrder? order, LedgerEntry? entry, string channel)
        {
            Order = order;
            Entry = entry;
            Channel = channel;
        }

        /// <summary>Null for a pending entry whose order can no longer be read.</summary>
        public ShopifyOrder? Order { get; }
        public LedgerEntry? Entry { get; set; }
        public string Channel { get; set; }
        public string OrderId => Order?.Id ?? Entry!.OrderId;
        public string OrderName => Order?.Name ?? Entry!.OrderName;
        public DateTimeOffset CreatedAt => Order?.CreatedAt ?? Entry!.CreatedAt;
        public decimal Total => Order?.Total ?? Entry!.Total;
        public string Currency => Order?.Currency ?? Entry!.Currency;
        /// <summary>Read by the main fetch (so it holds the checkpoint if left undone).</summary>
        public bool InWindow { get; set; }
        /// <summary>Settled, failed or left pending by this run.</summary>
        public bool Handled { get; set; }
        /// <summary>Its message may already be in a channel (pending, or older than the ledger remembers): look first.</summary>
        public bool NeedsLookup { get; set; }
        public OrderSyncAction Action { get; set; }

        /// <summary>Its entry to change, as of <paramref name="now"/>: the order's latest name and total on what the ledger knows.</summary>
        public LedgerEntry EntryAt(DateTimeOffset now) => LedgerEntry.ForOrder(OrderId, OrderName, CreatedAt, Total, Currency, now, Entry);
    }

    /// <summary>What a run found and means to do, order by order.</summary>
    internal sealed class SyncPlan
    {
        public List<OrderSyncPlanItem> Items { get; } = new List<OrderSyncPlanItem>();
        /// <summary>Alerts to send, retry or reconcile.</summary>
        public List<WorkItem> Work { get; } = new List<WorkItem>();
        /// <summary>Alerted before (the ledger says Sent); follow-ups may still be due.</summary>
        public List<WorkItem> AlreadySent { get; } = new List<WorkItem>();
        public int Qualifying { get; set; }
        public int Waiting { get; set; }
        public int GaveUp { get; set; }
    }

    /// <summary>One message to post: a single alert or a digest of several.</summary>
    internal sealed class DeliveryUnit
    {
        public DeliveryUnit(IReadOnlyList<WorkItem> items, string? digestId)
        {
            Items = items;
            DigestId = digestId;
        }

        public IReadOnlyList<WorkItem> Items { get; }
        public string? DigestId { get; }
        public AlertKey Key => DigestId != null ? AlertKey.ForDigest(DigestId) : AlertKey.ForOrder(Items[0].OrderId);
    }
}
