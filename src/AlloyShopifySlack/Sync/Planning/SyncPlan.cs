using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync.Planning;

/// <summary>What a run found and means to do, order by order (<see cref="SyncPlanner"/>'s answer).</summary>
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

/// <summary>One order the run has to do something about; the later steps record on it what they did.</summary>
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

/// <summary>One message to post: a single alert or a digest of several.</summary>
internal sealed record DeliveryUnit(IReadOnlyList<WorkItem> Items, string? DigestId)
{
    public AlertKey Key => DigestId != null ? AlertKey.ForDigest(DigestId) : AlertKey.ForOrder(Items[0].OrderId);

    /// <summary>Its message: an alert or a digest, stamped with the key that finds it again.</summary>
    public SlackMessage Compose(IAlertComposer composer) => Key.Stamp(DigestId != null
        ? composer.ComposeDigest(Items.Select(i => i.Order!).ToList(), DigestId)
        : composer.ComposeAlert(Items[0].Order!));
}

/// <summary>The ledger as the planner sees it: plain data read once, after the fetch and before anything changes.</summary>
internal sealed class LedgerView
{
    private readonly Dictionary<string, LedgerEntry> _entries = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);

    public LedgerView(IEnumerable<LedgerEntry> entries)
    {
        foreach (var entry in entries) _entries[entry.OrderId] = entry;
    }

    public static LedgerView Of(IOrderLedger ledger) => new LedgerView(ledger.Entries)
    {
        Checkpoint = ledger.Checkpoint, LastRunAt = ledger.LastRunAt, ForgottenThrough = ledger.ForgottenThrough,
    };

    public DateTimeOffset? Checkpoint { get; init; }
    public DateTimeOffset? LastRunAt { get; init; }
    /// <summary>Orders created at or before it that the ledger does not hold were pruned: unknown, not new.</summary>
    public DateTimeOffset? ForgottenThrough { get; init; }
    public IReadOnlyCollection<LedgerEntry> Entries => _entries.Values;
    /// <summary>A new or lost sync state: what it forgot may be in Slack already.</summary>
    public bool IsEmpty => Checkpoint == null && LastRunAt == null && _entries.Count == 0;

    public LedgerEntry? Find(string orderId) => _entries.TryGetValue(orderId, out var entry) ? entry : null;
}
