using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Sync;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Slack;

/// <summary>Send-SlackOrderAlert and the sync state: what Invoke-OrderSync alerted is skipped, and what this sends is recorded.</summary>
public sealed partial class SendSlackOrderAlertCommand
{
    /// <summary>The folder of the sync state. Default: Invoke-OrderSync's (ALLOY_STATE_CONNECTION, else the user's local application
    /// data).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StatePath { get; set; }

    /// <summary>The Shopify credential the orders come from: with the Alloy user, it names the tenant's sync state. Default
    /// SHOPIFY_CREDENTIAL_ID.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? ShopifyCredentialId { get; set; }

    /// <summary>Sends even when the sync state says the order was alerted already (the new message is recorded).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>How long to wait for a running Invoke-OrderSync of the same tenant and shop to let go of the state. Default 30.</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int LockTimeoutSeconds { get; set; } = 30;

    private readonly StateStoreCache _stores = new StateStoreCache();
    private AlertStateRecorder? _recorder;
    private string? _recorderShop;
    private bool _stateless;

    /// <summary>
    /// The tenant's sync state, opened at the first order (with its lock, held until the command ends; read-only
    /// under -WhatIf). Null, with one warning, when the Alloy user or the Shopify credential is unknown.
    /// </summary>
    private AlertStateRecorder? State(bool whatIf)
    {
        var shop = Setting(ShopifyCredentialId, SettingNames.ShopifyCredentialId);
        if (_recorder != null && shop == _recorderShop) return _recorder;
        if (_stateless && string.IsNullOrEmpty(shop)) return null;
        var client = ResolveClient();
        var tenant = client.UserId;
        if (string.IsNullOrEmpty(tenant) || string.IsNullOrEmpty(shop))
        {
            _stateless = true;
            WriteWarning("These alerts are not recorded in the sync state (" +
                         (string.IsNullOrEmpty(tenant) ? "no Alloy user: Connect-Alloy -UserId or ALLOY_USER_ID"
                             : "no Shopify credential: -ShopifyCredentialId or SHOPIFY_CREDENTIAL_ID") +
                         "), so Invoke-OrderSync may alert the same orders again.");
            return null;
        }
        _recorder?.Dispose();
        _recorder = null;
        try
        {
            var store = _stores.Open(this, StatePath, null, null, name => Setting(null, name), client.Options.Clock);
            var key = new LedgerKey(tenant!, shop!);
            var ledger = whatIf
                ? Run(ct => store.OpenReadOnlyAsync(key, ct)) ?? new EmptyOrderLedger(store.Location)
                : Run(ct => store.OpenAsync(key, new LedgerOpenOptions { LockTimeout = TimeSpan.FromSeconds(LockTimeoutSeconds) }, ct));
            _recorderShop = shop;
            return _recorder = new AlertStateRecorder(ledger, client.Options.Clock);
        }
        catch (AlloyException ex)
        {
            ThrowError(ex); // nothing is posted without the state: posting blind could alert twice
            throw; // not reached
        }
    }

    private void CloseState()
    {
        _recorder?.Dispose();
        _recorder = null;
        _stores.Dispose();
    }
}
