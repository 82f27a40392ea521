using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>The embedded store: one snapshot and journal per tenant and shop in a folder (see <see cref="LedgerPaths"/>).</summary>
public sealed class FileLedgerStore : IOrderLedgerStore
{
    private readonly FileLedgerOptions _options;
    private readonly IClock _clock;

    public FileLedgerStore(string directory, IClock clock, FileLedgerOptions? options = null)
    {
        Directory = directory;
        _clock = clock;
        _options = options ?? new FileLedgerOptions();
    }

    public string Directory { get; }
    public string Location => Directory;
    public bool IsShared => false;

    public LedgerPaths PathsOf(LedgerKey key) => new LedgerPaths(Directory, key.Tenant, key.Shop);

    public Task<DateTimeOffset?> BeginRoundAsync(CancellationToken cancellationToken) => Task.FromResult<DateTimeOffset?>(null);

    public async Task<IOrderLedger> OpenAsync(LedgerKey key, LedgerOpenOptions options, CancellationToken cancellationToken) =>
        await OpenFileAsync(key, options.LockTimeout, cancellationToken).ConfigureAwait(false);

    private Task<FileOrderLedger> OpenFileAsync(LedgerKey key, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var options = new FileLedgerOptions
        {
            LockTimeout = lockTimeout,
            Durable = _options.Durable,
            CompactAfterRecords = _options.CompactAfterRecords,
            CompactAfterBytes = _options.CompactAfterBytes,
            CompactAtOpenBytes = _options.CompactAtOpenBytes,
        };
        return FileOrderLedger.OpenAsync(PathsOf(key), options, _clock, cancellationToken);
    }

    public Task<IOrderLedger?> OpenReadOnlyAsync(LedgerKey key, CancellationToken cancellationToken)
    {
        var paths = PathsOf(key);
        return Task.FromResult<IOrderLedger?>(FileOrderLedger.Exists(paths) ? FileOrderLedger.OpenReadOnly(paths) : null);
    }

    public Task<IReadOnlyList<LedgerKey>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LedgerKey>>(LedgerPaths.FindAll(Directory).Select(p => new LedgerKey(p.Tenant, p.Shop)).ToList());

    public async Task ImportAsync(LedgerSnapshot snapshot, bool replace, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        using var ledger = await OpenFileAsync(snapshot.Key, lockTimeout, cancellationToken).ConfigureAwait(false);
        if (!replace && (ledger.Entries.Count > 0 || ledger.Checkpoint != null))
            throw SyncStateException.AlreadyHasState(ledger.Location, snapshot.Key);
        ledger.ReplaceWith(snapshot.State);
    }

    public void Dispose() { }
}
