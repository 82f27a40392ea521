using System.Management.Automation;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Sync;

/// <summary>
/// The stores one invocation uses, one per folder or database: piped records may each name their own -StatePath,
/// while every tenant of one database shares one connection pool. Disposed with the cmdlet.
/// </summary>
internal sealed class StateStoreCache : IDisposable
{
    private readonly Dictionary<string, IOrderLedgerStore> _stores = new Dictionary<string, IOrderLedgerStore>(StringComparer.Ordinal);

    /// <summary>The store a cmdlet's -StatePath / -StateConnectionString / -StateCredential name (in the contract's order).</summary>
    /// <exception cref="AlloyShopifySlack.Alloy.AlloyConfigurationException">The parameters contradict each other.</exception>
    public IOrderLedgerStore Open(PSCmdlet cmdlet, string? statePath, string? connectionString, PSCredential? credential,
        Func<string, string?> setting, IClock clock)
    {
        var folder = statePath == null ? null : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(statePath);
        return Get(StateStoreResolution.Resolve(folder, connectionString, credential, setting, clock));
    }

    public IOrderLedgerStore Get(StateStoreSettings settings)
    {
        var key = settings.UsesDatabase ? "db\n" + settings.ConnectionString + "\n" + settings.UserName + "\n"
            + (settings.Password?.Length ?? -1) : "dir\n" + settings.Directory;
        if (_stores.TryGetValue(key, out var store)) return store;
        return _stores[key] = LedgerStores.Create(settings);
    }

    public void Dispose()
    {
        foreach (var store in _stores.Values) store.Dispose();
        _stores.Clear();
    }
}
