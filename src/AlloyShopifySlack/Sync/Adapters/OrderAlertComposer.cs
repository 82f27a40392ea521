using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Sync.Adapters;

/// <summary>The engine's messages from <see cref="OrderMessageBuilder"/> (the same alerts Send-SlackOrderAlert posts).</summary>
public sealed class OrderAlertComposer : IAlertComposer
{
    private readonly OrderMessageBuilder _builder = new OrderMessageBuilder();
    private readonly OrderMessageOptions _options;

    public OrderAlertComposer(OrderMessageOptions options) { _options = options; }

    public int MaxOrdersPerDigest => OrderDigestBuilder.MaxOrders;

    public SlackMessage ComposeAlert(ShopifyOrder order) => _builder.Build(order, _options);

    public SlackMessage ComposeDigest(IReadOnlyList<ShopifyOrder> orders, string digestId) =>
        _builder.BuildDigest(orders, _options, digestId);
}
