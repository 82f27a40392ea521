namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>The read-only view of a tenant that has no state yet (-WhatIf before its first run).</summary>
public sealed class EmptyOrderLedger : IOrderLedger
{
    public EmptyOrderLedger(string location) { Location = location; }

    public string Location { get; }
    public DateTimeOffset? Checkpoint => null;
    public DateTimeOffset? ForgottenThrough => null;
    public DateTimeOffset? LastRunAt => null;
    public IReadOnlyCollection<LedgerEntry> Entries => Array.Empty<LedgerEntry>();
    public IReadOnlyDictionary<string, string> Facts => new Dictionary<string, string>();
    public LedgerEntry? Find(string orderId) => null;
    public void Put(IReadOnlyList<LedgerEntry> entries, bool durable = true) => throw ReadOnly();
    public void SetFact(string name, string value) => throw ReadOnly();
    public void Forget(string orderId) => throw ReadOnly();
    public void SetCheckpoint(DateTimeOffset checkpoint, DateTimeOffset runAt) => throw ReadOnly();
    public int Prune(DateTimeOffset cutoff) => throw ReadOnly();
    public void Compact(bool force = false) => throw ReadOnly();
    public void Dispose() { }

    private static InvalidOperationException ReadOnly() => new InvalidOperationException("This view of the sync state is read-only.");
}
