using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync;

/// <summary>What the ledger of one tenant and shop holds. Type name AlloyShopifySlack.OrderSyncState (Get-OrderSyncState).</summary>
public sealed class OrderSyncState
{
    public string Tenant { get; init; } = string.Empty;
    public string Shop { get; init; } = string.Empty;
    public string Path { get; init; } = string.Empty;
    public bool Exists { get; init; }
    public DateTimeOffset? Checkpoint { get; init; }
    public DateTimeOffset? LastRunAt { get; init; }
    /// <summary>Settled entries for orders created up to here were pruned.</summary>
    public DateTimeOffset? ForgottenThrough { get; init; }
    public int Sent { get; init; }
    public int Pending { get; init; }
    public int Failed { get; init; }
    public int GaveUp { get; init; }
    public LedgerEntry[] PendingEntries { get; init; } = Array.Empty<LedgerEntry>();
    public LedgerEntry[] FailedEntries { get; init; } = Array.Empty<LedgerEntry>();
    /// <summary>Every entry, oldest order first.</summary>
    public LedgerEntry[] Entries { get; init; } = Array.Empty<LedgerEntry>();

    public static OrderSyncState From(LedgerPaths paths, IOrderLedger? ledger) =>
        From(new LedgerKey(paths.Tenant, paths.Shop), paths.Snapshot, ledger);

    /// <param name="path">Where the state is: the snapshot file, or the database.</param>
    public static OrderSyncState From(LedgerKey key, string path, IOrderLedger? ledger)
    {
        var entries = ledger?.Entries.OrderBy(e => e.CreatedAt).ToArray() ?? Array.Empty<LedgerEntry>();
        return new OrderSyncState
        {
            Tenant = key.Tenant,
            Shop = key.Shop,
            Path = path,
            Exists = ledger != null,
            Checkpoint = ledger?.Checkpoint,
            LastRunAt = ledger?.LastRunAt,
            ForgottenThrough = ledger?.ForgottenThrough,
            Sent = entries.Count(e => e.Status == LedgerStatus.Sent),
            Pending = entries.Count(e => e.Status == LedgerStatus.Pending),
            Failed = entries.Count(e => e.Status == LedgerStatus.Failed),
            GaveUp = entries.Count(e => e.GaveUp),
            PendingEntries = entries.Where(e => e.Status == LedgerStatus.Pending).ToArray(),
            FailedEntries = entries.Where(e => e.Status == LedgerStatus.Failed).ToArray(),
            Entries = entries,
        };
    }

    public override string ToString() => $"{Tenant}/{Shop}: {Sent} sent, {Pending} pending, {Failed} failed";
}
