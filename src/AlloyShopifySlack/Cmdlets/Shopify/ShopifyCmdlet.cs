using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Cmdlets.Shopify;

/// <summary>The Shopify cmdlets' common parameters and the client they build from them.</summary>
public abstract class ShopifyCmdlet : AlloyCmdlet
{
    public const string OrderTypeName = "AlloyShopifySlack.ShopifyOrder";
    public const string ShopTypeName = "AlloyShopifySlack.ShopifyShop";

    /// <summary>The Shopify credential. Default: SHOPIFY_CREDENTIAL_ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CredentialId { get; set; }

    /// <summary>Builds the client: the connection's Alloy client, the credential, SHOPIFY_CONNECTOR_ID, the store domain.</summary>
    protected ShopifyClient CreateClient(string? storeDomain = null)
    {
        var credential = RequireSetting(CredentialId, SettingNames.ShopifyCredentialId, nameof(CredentialId));
        return Clients().Shopify(credential, Setting(storeDomain, SettingNames.ShopifyStoreDomain));
    }

    /// <summary>Wraps an order with the type name its format view and users' scripts rely on.</summary>
    protected static PSObject AsOrderObject(ShopifyOrder order)
    {
        var wrapped = PSObject.AsPSObject(order);
        if (!wrapped.TypeNames.Contains(OrderTypeName)) wrapped.TypeNames.Insert(0, OrderTypeName);
        return wrapped;
    }
}
