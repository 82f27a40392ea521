using System.Management.Automation;

namespace AlloyShopifySlack.Cmdlets.Sync;

/// <summary>Base of the cmdlets that read one tenant's sync state (-UserId, -ShopifyCredentialId) or every tenant's (-All).</summary>
public abstract class OrderSyncStateReaderCmdlet : OrderSyncStateCmdlet
{
    /// <summary>The Alloy user whose state to read. Default: the connection's user, else ALLOY_USER_ID.</summary>
    [Parameter(ParameterSetName = CurrentSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? UserId { get; set; }

    /// <summary>The Shopify credential whose state to read. Default: SHOPIFY_CREDENTIAL_ID.</summary>
    [Parameter(ParameterSetName = CurrentSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? ShopifyCredentialId { get; set; }

    /// <summary>Every tenant and shop with state in the store.</summary>
    [Parameter(ParameterSetName = AllSet, Mandatory = true)]
    public SwitchParameter All { get; set; }
}
