namespace AlloyShopifySlack.Shopify;

/// <summary>The store behind a Shopify credential (type name AlloyShopifySlack.ShopifyShop).</summary>
public sealed class ShopifyShop
{
    public string Name { get; set; } = string.Empty;
    /// <summary>e.g. my-store.myshopify.com.</summary>
    public string? MyshopifyDomain { get; set; }
    /// <summary>The shop's currency (the currency of every order's Total).</summary>
    public string? Currency { get; set; }
    /// <summary>The store's subdomain (my-store): the value SHOPIFY_STORE_DOMAIN takes and admin links use.</summary>
    public string? StoreDomain { get; set; }

    public override string ToString() => Name;
}
