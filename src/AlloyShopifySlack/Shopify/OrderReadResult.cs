using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Shopify;

/// <summary>One item of an order read: an order, or a problem to report (the read goes on).</summary>
public sealed class OrderReadResult
{
    private OrderReadResult(ShopifyOrder? order, AlloyException? problem)
    {
        Order = order;
        Problem = problem;
    }

    public ShopifyOrder? Order { get; }
    /// <summary><see cref="UnusableOrderException"/> or <see cref="IncompleteOrderReadException"/>.</summary>
    public AlloyException? Problem { get; }

    public static OrderReadResult Of(ShopifyOrder order) => new OrderReadResult(order, null);
    public static OrderReadResult Failed(AlloyException problem) => new OrderReadResult(null, problem);
}
