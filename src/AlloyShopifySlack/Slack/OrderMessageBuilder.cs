using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Slack;

/// <summary>
/// Order → Slack message. A pure function of (order, options): no I/O, no clock, the same JSON every time.
/// Untrusted text is escaped, every Block Kit limit is enforced, the fallback text is always present, and the
/// message can be found again: by its metadata, and by its first block's id (<see cref="AlertBlockIds"/>), which
/// reaches Slack even when Alloy drops the metadata.
/// </summary>
public sealed class OrderMessageBuilder
{
    public const string AlertEventType = "shopify_order_alert";
    public const string AcknowledgeActionId = "acknowledge_order";
    public const string AdminLinkActionId = "open_order_admin";
    public const string ActionsBlockId = "order_actions";

    public SlackMessage Build(ShopifyOrder order, OrderMessageOptions? options = null)
    {
        if (order == null) throw new ArgumentNullException(nameof(order));
        options ??= OrderMessageOptions.Default;
        var adjustments = new List<string>();
        JsonArray blocks;
        string text;
        if (options.Template == null)
        {
            blocks = StandardBlocks(order, options);
            text = FallbackText(order);
        }
        else
        {
            (blocks, text) = TemplateBlocks(order, options);
        }
        AlertBlockIds.MarkFirstBlock(blocks, AlertBlockIds.ForOrder(order.Id));
        BlockKitLimits.Enforce(blocks, adjustments);
        var problems = BlockKitLimits.Validate(blocks);
        if (problems.Count > 0)
            throw new SlackTemplateException($"The message for order {order.Name} is not valid Block Kit: {string.Join(" ", problems)}");
        return new SlackMessage(SlackText.TruncateMrkdwn(text, BlockKitLimits.MessageText))
        {
            Blocks = blocks,
            Metadata = Metadata(order),
            OrderId = order.Id,
            OrderName = order.Name,
            Adjustments = adjustments,
        };
    }

    /// <summary>One message listing many orders (bursts); see <see cref="OrderDigestBuilder"/>.</summary>
    public SlackMessage BuildDigest(IReadOnlyList<ShopifyOrder> orders, OrderMessageOptions? options = null, string? digestId = null) =>
        OrderDigestBuilder.Build(orders, options ?? OrderMessageOptions.Default, digestId);

    /// <summary>Digests of at most <see cref="OrderDigestBuilder.MaxOrders"/> orders each, covering all of <paramref
    /// name="orders"/>.</summary>
    public IReadOnlyList<SlackMessage> BuildDigests(IReadOnlyList<ShopifyOrder> orders, OrderMessageOptions? options = null) =>
        OrderDigestBuilder.BuildAll(orders, options ?? OrderMessageOptions.Default);

    /// <summary>"🎉 High-value order #1001: USD 1,250.00 from John Doe" (escaped: notifications parse it as mrkdwn).</summary>
    public static string FallbackText(ShopifyOrder order) =>
        $"🎉 High-value order {SlackText.EscapeMrkdwn(order.Name)}: {OrderFormat.Money(order.Total, order.Currency)} " +
            $"from {OrderFormat.Customer(order)}";

    /// <summary>{event_type: shopify_order_alert, event_payload: {order_id, order_name, total, currency}}.</summary>
    public static JsonObject Metadata(ShopifyOrder order) => new JsonObject
    {
        ["event_type"] = AlertEventType,
        ["event_payload"] = new JsonObject
        {
            ["order_id"] = order.Id,
            ["order_name"] = order.Name,
            ["total"] = order.Total,
            ["currency"] = order.Currency,
        },
    };

    /// <summary>The acknowledge button's value: "&lt;order name&gt;|&lt;order id&gt;".</summary>
    public static string AcknowledgeValue(ShopifyOrder order) => order.Name + "|" + order.Id;

    private static JsonArray StandardBlocks(ShopifyOrder order, OrderMessageOptions options)
    {
        var blocks = new JsonArray { BlockKit.Header("🎉 High-Value Order: " + order.Name, "order_header") };
        var fields = new List<string>
        {
            "*Total Amount:*\n" + OrderFormat.Money(order.Total, order.Currency),
            "*Customer:*\n" + OrderFormat.Customer(order),
        };
        if (order.CreatedAt != default) fields.Add("*Placed:*\n" + OrderFormat.Placed(order.CreatedAt));
        if (order.PresentmentTotal.HasValue && !string.IsNullOrEmpty(order.PresentmentCurrency)
            && order.PresentmentCurrency != order.Currency)
            fields.Add("*Customer paid:*\n" + OrderFormat.Money(order.PresentmentTotal.Value, order.PresentmentCurrency));
        var status = OrderFormat.Status(order.FinancialStatus);
        if (status != null) fields.Add("*Payment:*\n" + status);
        blocks.Add(BlockKit.Fields("order_summary", fields.ToArray()));

        var items = OrderFormat.ItemLines(order, options.MaxLineItems);
        if (items.Length > 0) blocks.Add(BlockKit.Section("*Order Items:*\n" + items, "order_items"));
        var notes = Notes(order);
        if (notes != null) blocks.Add(BlockKit.Context(notes, "order_notes"));
        blocks.Add(BlockKit.Divider());
        var actions = ActionsBlock(order, options, withAdminLink: true);
        if (actions != null) blocks.Add(actions);
        return blocks;
    }

    private static string? Notes(ShopifyOrder order)
    {
        var notes = new List<string>();
        if (order.Test) notes.Add("🧪 Test order");
        if (order.CancelledAt.HasValue) notes.Add("⚠️ Cancelled " + OrderFormat.Placed(order.CancelledAt.Value));
        return notes.Count == 0 ? null : string.Join(" · ", notes);
    }

    private static (JsonArray, string) TemplateBlocks(ShopifyOrder order, OrderMessageOptions options)
    {
        var template = options.Template!;
        TemplateContent content;
        try { content = template.Render(order, options.MaxLineItems); }
        catch (SlackTemplateException) { throw; }
        catch (Exception ex) when (!(ex is OperationCanceledException))
        {
            throw new SlackTemplateException($"The template failed for order {order.Name}: {ex.Message}", ex);
        }
        var blocks = (JsonArray)content.Blocks.DeepClone();
        if (blocks.Count == 0) throw new SlackTemplateException($"The template gave no blocks for order {order.Name}.");
        if (template.IsBodyOnly || (options.WithAcknowledgeButton && !HasAcknowledgeButton(blocks)))
        {
            var actions = ActionsBlock(order, options, withAdminLink: template.IsBodyOnly);
            if (actions != null) blocks.Add(actions);
        }
        var text = string.IsNullOrWhiteSpace(content.Text) ? FallbackText(order) : content.Text!;
        return (blocks, text);
    }

    private static JsonObject? ActionsBlock(ShopifyOrder order, OrderMessageOptions options, bool withAdminLink)
    {
        var buttons = new List<JsonObject>();
        var url = withAdminLink ? OrderFormat.AdminUrl(order, options.StoreDomain) : null;
        if (url != null) buttons.Add(BlockKit.Button("View in Shopify admin", AdminLinkActionId, url: url));
        if (options.WithAcknowledgeButton)
            buttons.Add(BlockKit.Button("🙋 Claim", AcknowledgeActionId, value: AcknowledgeValue(order), style: "primary"));
        return buttons.Count == 0 ? null : BlockKit.Actions(ActionsBlockId, buttons.ToArray());
    }

    private static bool HasAcknowledgeButton(JsonArray blocks) =>
        blocks.OfType<JsonObject>().SelectMany(b => BlockKitLimits.Objects(b["elements"]).Concat(
            b["accessory"] is JsonObject a ? new[] { a } : Array.Empty<JsonObject>()))
            .Any(e => BlockKitLimits.HasString(e, "action_id", AcknowledgeActionId));
}
