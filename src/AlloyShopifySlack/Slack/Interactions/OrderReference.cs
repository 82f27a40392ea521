namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>
/// The order an alert is about, read from the button's value ("&lt;order name&gt;|&lt;order id&gt;") and the message
/// metadata ({event_type: shopify_order_alert, event_payload: {order_id, order_name, total, currency}}).
/// </summary>
internal sealed class OrderReference
{
    public string? Name { get; private set; }
    public string? Id { get; private set; }
    public decimal? Total { get; private set; }
    public string? Currency { get; private set; }
    public string? CustomerName { get; private set; }

    public static OrderReference From(string? buttonValue, JsonObject? message)
    {
        var reference = new OrderReference();
        if (!string.IsNullOrEmpty(buttonValue))
        {
            var bar = buttonValue!.LastIndexOf('|');
            reference.Name = Blank(bar >= 0 ? buttonValue.Substring(0, bar) : buttonValue);
            reference.Id = bar >= 0 ? Blank(buttonValue.Substring(bar + 1)) : null;
        }

        var payload = message?["metadata"]?["event_payload"] as JsonObject;
        if (payload != null)
        {
            reference.Name ??= Blank(InteractionPayloadParser.Text(payload, "order_name"));
            reference.Id ??= Blank(InteractionPayloadParser.Text(payload, "order_id"));
            reference.Currency = Blank(InteractionPayloadParser.Text(payload, "currency"));
            reference.CustomerName = Blank(InteractionPayloadParser.Text(payload, "customer_name"));
            if (decimal.TryParse(InteractionPayloadParser.Text(payload, "total"), NumberStyles.Number,
                CultureInfo.InvariantCulture, out var total))
                reference.Total = total;
        }
        reference.CustomerName ??= CustomerFromBlocks(message);
        return reference;
    }

    /// <summary>
    /// The standard alert shows "*Customer:*\n&lt;name&gt;" in a field (its metadata has no customer), so the name is
    /// read back from there, unescaped; a custom template without that field leaves the column empty.
    /// </summary>
    private static string? CustomerFromBlocks(JsonObject? message)
    {
        const string label = "*Customer:*\n";
        if (!(message?["blocks"] is JsonArray blocks)) return null;
        foreach (var block in blocks.OfType<JsonObject>())
        {
            var texts = (block["fields"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>();
            if (block["text"] is JsonObject single) texts = texts.Concat(new[] { single });
            foreach (var text in texts.Select(t => InteractionPayloadParser.Text(t, "text")))
            {
                if (text == null || !text.StartsWith(label, StringComparison.Ordinal)) continue;
                var name = text.Substring(label.Length).Split('\n')[0];
                return Blank(name.Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&"));
            }
        }
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
}
