using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Cmdlets.Shopify;

/// <summary>Get-ShopifyShop: the store behind the Shopify credential (name, domain, currency).</summary>
[Cmdlet(VerbsCommon.Get, "ShopifyShop")]
[OutputType(ShopifyCmdlet.ShopTypeName)]
[OutputType(typeof(ShopifyShop))]
public sealed class GetShopifyShopCommand : ShopifyCmdlet
{
    protected override void ProcessRecord()
    {
        var client = CreateClient();
        try
        {
            var shop = Run(ct => client.GetShopAsync(ct));
            var wrapped = PSObject.AsPSObject(shop);
            if (!wrapped.TypeNames.Contains(ShopTypeName)) wrapped.TypeNames.Insert(0, ShopTypeName);
            WriteObject(wrapped);
        }
        catch (PipelineStoppedException) { throw; }
        catch (AlloyException ex)
        {
            ThrowError(ex);
        }
    }
}
