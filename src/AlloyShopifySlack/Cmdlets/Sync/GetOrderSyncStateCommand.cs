using System.Management.Automation;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Sync
{
    /// <summary>
    /// Get-OrderSyncState: what Invoke-OrderSync remembers for a tenant and shop (checkpoint, counts, pending and
    /// failing alerts), from the state folder or the PostgreSQL database. Reads without the lock and changes
    /// nothing, so it is safe while a sync runs.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OrderSyncState", DefaultParameterSetName = CurrentSet)]
    [OutputType(TypeName, EntryTypeName)]
    public sealed class GetOrderSyncStateCommand : OrderSyncStateCmdlet
    {
        public const string TypeName = "AlloyShopifySlack.OrderSyncState";
        public const string EntryTypeName = "AlloyShopifySlack.OrderSyncEntry";

        /// <summary>The Alloy user whose state to show. Default: the connection's user, else ALLOY_USER_ID.</summary>
        [Parameter(ParameterSetName = CurrentSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? UserId { get; set; }

        /// <summary>The Shopify credential whose state to show. Default: SHOPIFY_CREDENTIAL_ID.</summary>
        [Parameter(ParameterSetName = CurrentSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ShopifyCredentialId { get; set; }

        /// <summary>Every tenant and shop with state in the store.</summary>
        [Parameter(ParameterSetName = AllSet, Mandatory = true)]
        public SwitchParameter All { get; set; }

        /// <summary>Write the entries (one per alerted, pending or failing order) instead of the summary.</summary>
        [Parameter]
        public SwitchParameter Entries { get; set; }

        protected override void ProcessRecord()
        {
            var store = Store;
            if (All)
            {
                foreach (var key in Run(store.ListAsync)) Show(store, key);
                return;
            }
            var tenant = TenantKey(UserId, ShopifyCredentialId);
            if (tenant != null) Show(store, tenant);
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
}
