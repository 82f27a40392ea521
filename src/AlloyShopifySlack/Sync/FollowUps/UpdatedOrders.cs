using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Sync.FollowUps;

/// <summary>What the updated-orders read of a run brought.</summary>
internal sealed class UpdatedOrders
{
    public static UpdatedOrders None => new UpdatedOrders(new List<ShopifyOrder>(), null, DateTimeOffset.MaxValue);

    public UpdatedOrders(List<ShopifyOrder> orders, DateTimeOffset? readAt, DateTimeOffset coveredFrom)
    {
        Orders = orders;
        ReadAt = readAt;
        CoveredFrom = coveredFrom;
    }

    public List<ShopifyOrder> Orders { get; }
    /// <summary>When the read began (null: no read): the next run reads from here, less the overlap.</summary>
    public DateTimeOffset? ReadAt { get; }
    public DateTimeOffset CoveredFrom { get; }
    /// <summary>Orders it brought that crossed the threshold upward (alerted by this run).</summary>
    public HashSet<string> Crossed { get; } = new HashSet<string>(StringComparer.Ordinal);
}
