namespace AlloyShopifySlack.Sync.Ledger;

internal enum LedgerRecordKind { Put, Checkpoint, Prune, Base, Fact, Forget }

/// <summary>
/// One journal line. Each carries absolute values (whole entries, the checkpoint itself), never increments,
/// so a record replayed onto a snapshot that already holds it changes nothing.
/// </summary>
internal sealed class LedgerRecord
{
    public long Seq { get; init; }
    public LedgerRecordKind Kind { get; init; }
    public IReadOnlyList<LedgerEntry> Entries { get; init; } = Array.Empty<LedgerEntry>();
    /// <summary>Checkpoint, or the prune cutoff.</summary>
    public DateTimeOffset? At { get; init; }
    public DateTimeOffset? RunAt { get; init; }
    /// <summary>A learned fact's name and value (<see cref="LedgerRecordKind.Fact"/>).</summary>
    public string? FactName { get; init; }
    public string? FactValue { get; init; }
    /// <summary>The order whose entry is forgotten (<see cref="LedgerRecordKind.Forget"/>).</summary>
    public string? OrderId { get; init; }
}

/// <summary>The state a snapshot plus its journal describe.</summary>
internal sealed class LedgerState
{
    public Dictionary<string, LedgerEntry> Entries { get; } = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
    public DateTimeOffset? Checkpoint { get; set; }
    public DateTimeOffset? ForgottenThrough { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
    /// <summary>What the run learned about the tenant's services (page size that fits, action schemas).</summary>
    public Dictionary<string, string> Facts { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
    /// <summary>The last journal record folded into this state.</summary>
    public long LastSeq { get; set; }

    public void Apply(LedgerRecord record)
    {
        switch (record.Kind)
        {
            case LedgerRecordKind.Put:
                foreach (var entry in record.Entries) Entries[entry.OrderId] = entry;
                break;
            case LedgerRecordKind.Checkpoint:
                Checkpoint = record.At;
                LastRunAt = record.RunAt ?? LastRunAt;
                break;
            case LedgerRecordKind.Prune:
                PruneBefore(record.At!.Value);
                break;
            case LedgerRecordKind.Fact:
                Facts[record.FactName!] = record.FactValue!;
                break;
            case LedgerRecordKind.Forget:
                Entries.Remove(record.OrderId!);
                break;
        }
        if (record.Seq > LastSeq) LastSeq = record.Seq;
    }

    /// <summary>Drops settled entries older than the cutoff and remembers the newest order so forgotten.</summary>
    public int PruneBefore(DateTimeOffset cutoff)
    {
        var doomed = new List<LedgerEntry>();
        foreach (var entry in Entries.Values)
            if (entry.CanBePruned && entry.CreatedAt < cutoff) doomed.Add(entry);
        foreach (var entry in doomed)
        {
            Entries.Remove(entry.OrderId);
            if (ForgottenThrough == null || entry.CreatedAt > ForgottenThrough) ForgottenThrough = entry.CreatedAt;
        }
        return doomed.Count;
    }
}
