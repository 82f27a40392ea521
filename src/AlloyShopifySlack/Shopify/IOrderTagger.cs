namespace AlloyShopifySlack.Shopify;

/// <summary>
/// Adds tags to a Shopify order (tagsAdd; adding a tag twice leaves one): -TagOrders of the sync and the listener's
/// acknowledged tag. <see cref="ShopifyClient"/> is the implementation; tests fake it.
/// </summary>
public interface IOrderTagger
{
    Task AddTagsAsync(string orderId, IReadOnlyList<string> tags, CancellationToken ct);
}
