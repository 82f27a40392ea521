namespace AlloyShopifySlack.Shopify;

/// <summary>
/// One Shopify order (type name AlloyShopifySlack.ShopifyOrder; property names fixed by the contract).
/// Settable properties so that PowerShell can bind any object with the same properties by name.
/// </summary>
public sealed class ShopifyOrder
{
    /// <summary>The gid, e.g. gid://shopify/Order/1234567890.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>The order name, e.g. #1001.</summary>
    public string Name { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Total in the shop's currency (totalPriceSet.shopMoney), parsed with the invariant culture.</summary>
    public decimal Total { get; set; }
    public string Currency { get; set; } = string.Empty;
    public decimal? PresentmentTotal { get; set; }
    public string? PresentmentCurrency { get; set; }
    /// <summary>Null for guest orders (no customer).</summary>
    public string? CustomerName { get; set; }
    public string? CustomerEmail { get; set; }
    public IReadOnlyList<ShopifyLineItem> LineItems { get; set; } = Array.Empty<ShopifyLineItem>();
    /// <summary>The number of line items when more exist than were read.</summary>
    public int LineItemCount { get; set; }
    public IReadOnlyList<string> Tags { get; set; } = Array.Empty<string>();
    public bool Test { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public string? FinancialStatus { get; set; }
    /// <summary>When the order last changed (updatedAt); null when the answer does not say.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }
    /// <summary>displayFulfillmentStatus (FULFILLED, UNFULFILLED, PARTIALLY_FULFILLED ...).</summary>
    public string? FulfillmentStatus { get; set; }
    /// <summary>Shop money refunded so far (totalRefundedSet); null when the answer does not say.</summary>
    public decimal? TotalRefunded { get; set; }
    /// <summary>https://admin.shopify.com/store/{store}/orders/{number}, when the store domain is known.</summary>
    public string? AdminUrl { get; set; }

    /// <summary>The numeric part of the gid (what admin URLs and tagsAdd need).</summary>
    public string NumericId
    {
        get
        {
            var slash = Id.LastIndexOf('/');
            return slash >= 0 ? Id.Substring(slash + 1) : Id;
        }
    }

    public override string ToString() => Name;
}

public sealed class ShopifyLineItem
{
    public string Name { get; set; } = string.Empty;
    public int Quantity { get; set; }
    public decimal? UnitPrice { get; set; }
    public override string ToString() => $"{Quantity} × {Name}";
}
