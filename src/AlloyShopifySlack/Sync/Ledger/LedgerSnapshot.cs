namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>
/// A whole tenant's sync state in the snapshot format of the file store (AlloyShopifySlack.OrderLedger/1):
/// what Export-OrderSyncState writes and Import-OrderSyncState reads, whichever store either side uses.
/// </summary>
public sealed class LedgerSnapshot
{
    internal LedgerSnapshot(LedgerKey key, LedgerState state)
    {
        Key = key;
        State = state;
    }

    public LedgerKey Key { get; }
    internal LedgerState State { get; }

    public DateTimeOffset? Checkpoint => State.Checkpoint;
    public DateTimeOffset? LastRunAt => State.LastRunAt;
    public int EntryCount => State.Entries.Count;
    public int FactCount => State.Facts.Count;
    public bool IsEmpty => State.Entries.Count == 0 && State.Checkpoint == null && State.Facts.Count == 0;

    /// <summary>The state an open ledger holds now.</summary>
    public static LedgerSnapshot Of(LedgerKey key, IOrderLedger ledger)
    {
        var state = new LedgerState { Checkpoint = ledger.Checkpoint, ForgottenThrough = ledger.ForgottenThrough,
            LastRunAt = ledger.LastRunAt };
        foreach (var entry in ledger.Entries) state.Entries[entry.OrderId] = entry;
        foreach (var fact in ledger.Facts) state.Facts[fact.Key] = fact.Value;
        return new LedgerSnapshot(key, state);
    }

    public string ToJson() => Encoding.UTF8.GetString(LedgerJson.SerializeSnapshot(State, Key.Tenant, Key.Shop));

    /// <summary>Reads the snapshot format; the tenant and shop come from the text unless given.</summary>
    /// <exception cref="FormatException">Not a sync state snapshot.</exception>
    public static LedgerSnapshot FromJson(string json, string? tenant = null, string? shop = null)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        LedgerState state;
        string? textTenant, textShop;
        try
        {
            state = LedgerJson.ParseSnapshot(bytes);
            (textTenant, textShop) = LedgerJson.ParseSnapshotOwner(bytes);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException || ex is InvalidOperationException || ex is KeyNotFoundException
            || ex is ArgumentException || ex is OverflowException)
        {
            throw new FormatException("it is not an order sync state snapshot (" + ex.Message + ")", ex);
        }
        state.LastSeq = 0;
        var who = tenant ?? textTenant;
        var where = shop ?? textShop;
        if (string.IsNullOrEmpty(who) || string.IsNullOrEmpty(where)) throw new FormatException("it does not name its tenant and shop");
        return new LedgerSnapshot(new LedgerKey(who!, where!), state);
    }

    public IReadOnlyList<LedgerEntry> Entries => State.Entries.Values.OrderBy(e => e.CreatedAt).ToList();
}
