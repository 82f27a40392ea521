using System.Management.Automation;
using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>Connect-AlloyShopify: connects a Shopify store to the Alloy user through OAuth and returns the new credential.</summary>
[Cmdlet(VerbsCommunications.Connect, "AlloyShopify", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AlloyCredential))]
public sealed class ConnectAlloyShopifyCommand : ConnectOAuthCmdlet
{
    /// <summary>The store's myshopify.com subdomain ("my-store", or my-store.myshopify.com). Default SHOPIFY_STORE_DOMAIN.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? ShopName { get; set; }

    protected override string DisplayName => "Shopify";

    protected override string ResolveConnectorId(AlloyClient client) => Clients(client).ShopifyConnectorId;

    protected override string? StoreName => RequireSetting(ShopName, SettingNames.ShopifyStoreDomain, nameof(ShopName));
}
