namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>
/// Where the ledgers of every tenant and shop live: a folder of files (the embedded default) or a PostgreSQL
/// database shared by several runners. Opens one <see cref="IOrderLedger"/> per tenant and shop, holding that
/// tenant's lock for as long as it is open. Thread-safe: tenants are opened in parallel.
/// </summary>
public interface IOrderLedgerStore : IDisposable
{
    /// <summary>Where the state lives, for messages (a folder, or host/database/user): never a password.</summary>
    string Location { get; }

    /// <summary>Several machines may use this store at once (runners skip a tenant that another one holds).</summary>
    bool IsShared { get; }

    /// <summary>
    /// Marks the start of a round of runs over many tenants: with <see cref="LedgerOpenOptions.SkipIfSyncedSince"/>,
    /// a tenant that another runner finished after this instant is not synced again in the same round. The
    /// instant is the store's own clock (the database's), so that machines with skewed clocks agree. Null for
    /// stores that only one machine uses.
    /// </summary>
    Task<DateTimeOffset?> BeginRoundAsync(CancellationToken cancellationToken);

    /// <summary>Takes the tenant's lock (waiting up to the options' timeout), then loads its state.</summary>
    /// <exception cref="SyncStateException">Locked by another run, synced this round already, or the store is unusable.</exception>
    Task<IOrderLedger> OpenAsync(LedgerKey key, LedgerOpenOptions options, CancellationToken cancellationToken);

    /// <summary>Reads a tenant's state without the lock and without changing anything; null when it has none.</summary>
    Task<IOrderLedger?> OpenReadOnlyAsync(LedgerKey key, CancellationToken cancellationToken);

    /// <summary>Every tenant and shop with state in the store.</summary>
    Task<IReadOnlyList<LedgerKey>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes a whole tenant's state (Import-OrderSyncState) under the tenant's lock. Refuses to replace state
    /// that is already there unless <paramref name="replace"/>.
    /// </summary>
    Task ImportAsync(LedgerSnapshot snapshot, bool replace, TimeSpan lockTimeout, CancellationToken cancellationToken);
}

/// <summary>One tenant (the Alloy user id) and shop (the Shopify credential id).</summary>
public sealed class LedgerKey : IEquatable<LedgerKey>
{
    public LedgerKey(string tenant, string shop)
    {
        Tenant = string.IsNullOrEmpty(tenant) ? "default" : tenant;
        Shop = shop ?? throw new ArgumentNullException(nameof(shop));
    }

    public string Tenant { get; }
    public string Shop { get; }

    public bool Equals(LedgerKey? other) => other != null && other.Tenant == Tenant && other.Shop == Shop;
    public override bool Equals(object? obj) => Equals(obj as LedgerKey);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Tenant) * 31 + StringComparer.Ordinal.GetHashCode(Shop);
    public override string ToString() => $"tenant {Tenant}, Shopify credential {Shop}";
}

public sealed class LedgerOpenOptions
{
    /// <summary>How long to wait for another run of the same tenant and shop to let go.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Skip (SyncStateException.SyncedThisRound) when another runner finished this tenant after this instant.</summary>
    public DateTimeOffset? SkipIfSyncedSince { get; init; }
}
