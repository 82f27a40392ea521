namespace AlloyShopifySlack.Shopify;

/// <summary>The store's handle ("my-store") from whatever form users give it.</summary>
public static class StoreDomain
{
    /// <summary>
    /// Accepts my-store, my-store.myshopify.com, https://my-store.myshopify.com/ or
    /// https://admin.shopify.com/store/my-store and returns my-store; null for empty input.
    /// </summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value!.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) text = text.Substring(scheme + 3);
        const string adminPrefix = "admin.shopify.com/store/";
        if (text.StartsWith(adminPrefix, StringComparison.OrdinalIgnoreCase)) text = text.Substring(adminPrefix.Length);
        var slash = text.IndexOf('/');
        if (slash >= 0) text = text.Substring(0, slash);
        const string suffix = ".myshopify.com";
        if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) text = text.Substring(0, text.Length - suffix.Length);
        return text.Length == 0 ? null : text.ToLowerInvariant();
    }

    public static string AdminOrderUrl(string store, string numericOrderId) =>
        $"https://admin.shopify.com/store/{Uri.EscapeDataString(store)}/orders/{Uri.EscapeDataString(numericOrderId)}";
}
