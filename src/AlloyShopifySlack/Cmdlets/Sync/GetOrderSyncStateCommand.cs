using System.Management.Automation;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Sync;

/// <summary>
/// Get-OrderSyncState: what Invoke-OrderSync remembers for a tenant and shop (checkpoint, counts, pending and
/// failing alerts), from the state folder or the PostgreSQL database. Reads without the lock and changes
/// nothing, so it is safe while a sync runs.
/// </summary>
[Cmdlet(VerbsCommon.Get, "OrderSyncState", DefaultParameterSetName = CurrentSet)]
[OutputType(TypeName, EntryTypeName)]
public sealed class GetOrderSyncStateCommand : OrderSyncStateReaderCmdlet
{
    public const string TypeName = "AlloyShopifySlack.OrderSyncState";
    public const string EntryTypeName = "AlloyShopifySlack.OrderSyncEntry";

    /// <summary>Write the entries (one per alerted, pending or failing order) instead of the summary.</summary>
    [Parameter]
    public SwitchParameter Entries { get; set; }

    protected override void ProcessRecord()
    {
        var store = Store;
        if (store is FileLedgerStore files && !System.IO.Directory.Exists(files.Directory))
        {
            // A mistyped -StatePath must not look like a sync that never ran.
            WriteError(ErrorRecords.Create("OrderSyncStateFolderNotFound", ErrorCategory.ObjectNotFound,
                $"There is no sync state folder '{files.Directory}'" + (StatePath == null
                    ? " (the default): Invoke-OrderSync has not run as this user yet." : "."), files.Directory,
                "Pass the -StatePath that Invoke-OrderSync uses (its result's StatePath shows it), or leave it out for the " +
                    "default folder."));
            return;
        }
        if (All)
        {
            foreach (var key in Run(store.ListAsync)) Show(store, key);
            return;
        }
        var tenant = TenantKey(UserId, ShopifyCredentialId);
        if (tenant == null) return;
        if (store is FileLedgerStore folder && !FileOrderLedger.Exists(folder.PathsOf(tenant)))
            WriteWarning($"No sync state for tenant {tenant.Tenant} and Shopify credential {tenant.Shop} in '{folder.Directory}': " +
                "Invoke-OrderSync has not run for them there. " +
                         "Get-OrderSyncState -All lists the states in the folder.");
        Show(store, tenant);
    }

    private void Show(IOrderLedgerStore store, LedgerKey key)
    {
        OrderSyncState state;
        try
        {
            using var ledger = Run(ct => store.OpenReadOnlyAsync(key, ct));
            state = OrderSyncState.From(key, LocationOf(store, key), ledger);
        }
        catch (SyncStateException ex)
        {
            WriteItemError(ex, LocationOf(store, key));
            return;
        }
        if (!Entries)
        {
            WriteObject(TypedOutput.As(state, TypeName));
            return;
        }
        foreach (var entry in state.Entries) WriteObject(TypedOutput.As(entry, EntryTypeName));
    }
}
