namespace AlloyShopifySlack.Slack;

/// <summary>How an order alert is laid out.</summary>
public sealed class OrderMessageOptions
{
    public static readonly OrderMessageOptions Default = new OrderMessageOptions();

    /// <summary>Adds the "Acknowledge" button (action_id acknowledge_order, value "&lt;order name&gt;|&lt;order id&gt;").</summary>
    public bool WithAcknowledgeButton { get; set; }

    /// <summary>The store's subdomain, for the "View in Shopify admin" button when the order has no AdminUrl.</summary>
    public string? StoreDomain { get; set; }

    /// <summary>The user's layout; null for the standard one.</summary>
    public OrderMessageTemplate? Template { get; set; }

    /// <summary>How many line items are listed before "…and N more".</summary>
    public int MaxLineItems { get; set; } = 3;
}
