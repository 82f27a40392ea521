using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Sync
{
    /// <summary>
    /// Get-OrderSyncState: what Invoke-OrderSync remembers for a tenant and shop (checkpoint, counts, pending and
    /// failing alerts). Reads without the lock and changes nothing, so it is safe while a sync runs.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OrderSyncState", DefaultParameterSetName = CurrentSet)]
    [OutputType(TypeName, EntryTypeName)]
    public sealed class GetOrderSyncStateCommand : AlloyCmdlet
    {
        public const string TypeName = "AlloyShopifySlack.OrderSyncState";
        public const string EntryTypeName = "AlloyShopifySlack.OrderSyncEntry";
        private const string CurrentSet = "Current";
        private const string AllSet = "All";

        /// <summary>The folder of the sync state. Default: the user's local application data (as Invoke-OrderSync).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? StatePath { get; set; }

        /// <summary>The Alloy user whose state to show. Default: the connection's user, else ALLOY_USER_ID.</summary>
        [Parameter(ParameterSetName = CurrentSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? UserId { get; set; }

        /// <summary>The Shopify credential whose state to show. Default: SHOPIFY_CREDENTIAL_ID.</summary>
        [Parameter(ParameterSetName = CurrentSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ShopifyCredentialId { get; set; }

        /// <summary>Every tenant and shop with state in the folder.</summary>
        [Parameter(ParameterSetName = AllSet, Mandatory = true)]
        public SwitchParameter All { get; set; }

        /// <summary>Write the entries (one per alerted, pending or failing order) instead of the summary.</summary>
        [Parameter]
        public SwitchParameter Entries { get; set; }

        protected override void ProcessRecord()
        {
            var folder = StatePath == null ? LedgerPaths.DefaultDirectory() : SessionState.Path.GetUnresolvedProviderPathFromPSPath(StatePath);
            if (!System.IO.Directory.Exists(folder))
            {
                // A mistyped -StatePath must not look like a sync that never ran.
                WriteError(ErrorRecords.Create("OrderSyncStateFolderNotFound", ErrorCategory.ObjectNotFound,
                    $"There is no sync state folder '{folder}'" + (StatePath == null ? " (the default): Invoke-OrderSync has not run as this user yet." : "."), folder,
                    "Pass the -StatePath that Invoke-OrderSync uses (its result's StatePath shows it), or leave it out for the default folder."));
                return;
            }
            if (All)
            {
                foreach (var paths in LedgerPaths.FindAll(folder)) Show(paths);
                return;
            }
            var tenant = UserId ?? (Connection ?? SessionConnections.Get())?.UserId ?? Setting(null, SettingNames.UserId);
            var shop = Setting(ShopifyCredentialId, SettingNames.ShopifyCredentialId);
            if (string.IsNullOrEmpty(tenant) || string.IsNullOrEmpty(shop))
            {
                WriteError(ErrorRecords.Create("OrderSyncStateTenantUnknown", ErrorCategory.InvalidArgument,
                    "Which tenant and shop? Pass -UserId and -ShopifyCredentialId (or set ALLOY_USER_ID and SHOPIFY_CREDENTIAL_ID), or use -All.", null));
                return;
            }
            var current = new LedgerPaths(folder, tenant!, shop!);
            if (!FileOrderLedger.Exists(current))
                WriteWarning($"No sync state for tenant {tenant} and Shopify credential {shop} in '{folder}': Invoke-OrderSync has not run for them there. " +
                             "Get-OrderSyncState -All lists the states in the folder.");
            Show(current);
        }

        private void Show(LedgerPaths paths)
        {
            OrderSyncState state;
            try
            {
                using var ledger = FileOrderLedger.Exists(paths) ? FileOrderLedger.OpenReadOnly(paths) : null;
                state = OrderSyncState.From(paths, ledger);
            }
            catch (SyncStateException ex)
            {
                WriteItemError(ex, paths.Snapshot);
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
}
