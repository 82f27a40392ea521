namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>
/// The sync state of one tenant and shop: which orders were alerted where, which are pending or failing, and how
/// far the store has been read. An instance holds the tenant's lock from open to dispose, so one run at a time
/// changes it. Every change is durable when the method returns. The file store is the default; a shared database
/// can stand behind the same interface when one machine is not enough.
/// </summary>
public interface IOrderLedger : IDisposable
{
    /// <summary>A description of where the state lives (a file path), for messages.</summary>
    string Location { get; }

    /// <summary>Orders were read up to here (their created time) and everything before it was settled or handed to the ledger.</summary>
    DateTimeOffset? Checkpoint { get; }

    /// <summary>
    /// The newest created time of a pruned entry: an order created at or before it that is not in the ledger is
    /// unknown (it may have been alerted), not new.
    /// </summary>
    DateTimeOffset? ForgottenThrough { get; }

    DateTimeOffset? LastRunAt { get; }

    IReadOnlyCollection<LedgerEntry> Entries { get; }

    LedgerEntry? Find(string orderId);

    /// <summary>
    /// Records (or replaces) entries in one write. <paramref name="durable"/>: on disk (fsync) before returning, as
    /// an intent must be before its post. Otherwise the write survives a crash of the process but perhaps not a
    /// power cut, which is enough for settlements: losing one leaves a pending entry, settled by a lookup.
    /// </summary>
    void Put(IReadOnlyList<LedgerEntry> entries, bool durable = true);

    /// <summary>
    /// What runs learned about this tenant's services, by name (the page size that fits Shopify's cost limit, the
    /// action schemas): later runs start right. Absent after a lost state folder, which only costs a re-learn.
    /// </summary>
    IReadOnlyDictionary<string, string> Facts { get; }

    /// <summary>
    /// Drops the order's entry, as if nothing had been recorded for it (Send-SlackOrderAlert's intent for a post
    /// Slack refused). Not fsynced: losing it leaves the intent pending, which a lookup settles.
    /// </summary>
    void Forget(string orderId);

    /// <summary>Records a learned fact (not fsynced: losing one only means learning it again).</summary>
    void SetFact(string name, string value);

    /// <summary>Moves the checkpoint (not fsynced: an older checkpoint only re-reads orders the ledger knows).</summary>
    void SetCheckpoint(DateTimeOffset checkpoint, DateTimeOffset runAt);

    /// <summary>Drops settled entries for orders created before <paramref name="cutoff"/>; returns how many.</summary>
    int Prune(DateTimeOffset cutoff);

    /// <summary>Folds the journal into the snapshot (atomically): always when forced, else only when the journal has grown.</summary>
    void Compact(bool force = false);
}

public static class OrderLedgerExtensions
{
    public static void Put(this IOrderLedger ledger, LedgerEntry entry, bool durable = true) => ledger.Put(new[] { entry }, durable);
}
