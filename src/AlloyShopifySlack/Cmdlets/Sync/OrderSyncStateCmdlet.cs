using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Sync;

/// <summary>Base of the cmdlets that read or write the sync state: which store (a folder or PostgreSQL), and which tenant.</summary>
public abstract class OrderSyncStateCmdlet : AlloyCmdlet, IDisposable
{
    protected const string CurrentSet = "Current";
    protected const string AllSet = "All";

    /// <summary>The folder of the sync state. Default: the user's local application data (as Invoke-OrderSync).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? StatePath { get; set; }

    /// <summary>The sync state in PostgreSQL instead of a folder. Default: ALLOY_STATE_CONNECTION.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StateConnectionString { get; set; }

    /// <summary>The database user and password (PSCredential), or only the password (SecureString).</summary>
    [Parameter]
    [StateCredential]
    public PSCredential? StateCredential { get; set; }

    private readonly StateStoreCache _stores = new StateStoreCache();

    /// <summary>The store these parameters name (one per folder or database for the invocation); a bad connection string stops the
    /// cmdlet.</summary>
    protected IOrderLedgerStore Store => Open(StatePath, StateConnectionString, StateCredential);

    protected IOrderLedgerStore Open(string? statePath, string? connectionString, PSCredential? credential)
    {
        try
        {
            return _stores.Open(this, statePath, connectionString, credential, name => Setting(null, name), SystemClock.Instance);
        }
        catch (AlloyException ex)
        {
            ThrowError(ex);
            throw; // not reached
        }
    }

    /// <summary>-UserId, else the connection's user, else ALLOY_USER_ID; and -ShopifyCredentialId, else SHOPIFY_CREDENTIAL_ID. Null (with
    /// an error written) when unknown.</summary>
    protected LedgerKey? TenantKey(string? userId, string? shopifyCredentialId)
    {
        var tenant = userId ?? (Connection ?? SessionConnections.Get())?.UserId ?? Setting(null, SettingNames.UserId);
        var shop = Setting(shopifyCredentialId, SettingNames.ShopifyCredentialId);
        if (!string.IsNullOrEmpty(tenant) && !string.IsNullOrEmpty(shop)) return new LedgerKey(tenant!, shop!);
        WriteError(ErrorRecords.Create("OrderSyncStateTenantUnknown", ErrorCategory.InvalidArgument,
            "Which tenant and shop? Pass -UserId and -ShopifyCredentialId (or set ALLOY_USER_ID and SHOPIFY_CREDENTIAL_ID), or " +
                "use -All.", null));
        return null;
    }

    /// <summary>Where a tenant's state is, for output: its snapshot file, or the database.</summary>
    protected string LocationOf(IOrderLedgerStore store, LedgerKey key) =>
        store is FileLedgerStore files ? files.PathsOf(key).Snapshot : store.Location;

    /// <summary>PowerShell disposes the cmdlet also when the pipeline stops before EndProcessing.</summary>
    public void Dispose()
    {
        _stores.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void EndProcessing()
    {
        try
        {
            _stores.Dispose();
        }
        finally
        {
            base.EndProcessing();
        }
    }
}
