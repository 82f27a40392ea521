using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Slack;

/// <summary>One message to send to one channel; <see cref="Order"/> when it is an order alert (for the result), <see cref="State"/> for the
/// caller.</summary>
public sealed class AlertItem
{
    public AlertItem(string channel, SlackMessage message, ShopifyOrder? order = null, object? state = null)
    {
        if (string.IsNullOrWhiteSpace(channel)) throw new ArgumentException("The channel is required.", nameof(channel));
        Channel = channel;
        Message = message ?? throw new ArgumentNullException(nameof(message));
        Order = order;
        State = state;
    }

    public string Channel { get; }
    public SlackMessage Message { get; }
    public ShopifyOrder? Order { get; }
    public object? State { get; }
}
