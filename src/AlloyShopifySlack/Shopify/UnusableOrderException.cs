using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Shopify;

/// <summary>
/// One order in an answer could not be used (no id, no creation time, an amount that is not a number). The reader
/// reports it and goes on with the rest of the page.
/// </summary>
public sealed class UnusableOrderException : AlloyException
{
    public UnusableOrderException(string message, string? orderId, string? orderName)
        : base("ShopifyOrderUnusable", AlloyErrorKind.MalformedResponse, message)
    {
        OrderId = orderId;
        OrderName = orderName;
    }

    public string? OrderId { get; }
    public string? OrderName { get; }
}

/// <summary>The reader could not guarantee that it read every order (for example more orders at one instant than a page holds).</summary>
public sealed class IncompleteOrderReadException : AlloyException
{
    public IncompleteOrderReadException(string message)
        : base("ShopifyOrdersIncomplete", AlloyErrorKind.MalformedResponse, message) { }
}
