using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Slack;

/// <summary>What a template made of one order: blocks, and optionally its own fallback text.</summary>
public sealed class TemplateContent
{
    public TemplateContent(JsonArray blocks, string? text = null)
    {
        Blocks = blocks ?? throw new ArgumentNullException(nameof(blocks));
        Text = text;
    }

    public JsonArray Blocks { get; }
    public string? Text { get; }
}

/// <summary>
/// A user's message layout. Three forms: a function that returns blocks (the cmdlets wrap a scriptblock in it),
/// placeholder text ("{Name} from {CustomerName}: {Total} {Currency}") and a Block Kit JSON template whose string
/// values hold placeholders. Whatever it gives is held to Block Kit's limits by the builder.
/// </summary>
public abstract class OrderMessageTemplate
{
    /// <summary>True when the template gives only the message body; the builder keeps its standard buttons.</summary>
    internal virtual bool IsBodyOnly => false;

    internal abstract TemplateContent Render(ShopifyOrder order, int maxItems);

    public static OrderMessageTemplate FromBlocks(Func<ShopifyOrder, JsonArray> render)
    {
        if (render == null) throw new ArgumentNullException(nameof(render));
        return new FunctionTemplate(order => new TemplateContent(render(order)));
    }

    public static OrderMessageTemplate FromContent(Func<ShopifyOrder, TemplateContent> render) =>
        new FunctionTemplate(render ?? throw new ArgumentNullException(nameof(render)));

    /// <summary>
    /// A string template: Block Kit JSON (an array of blocks, one block, or {"text":..., "blocks":[...]}) when it
    /// parses as such, otherwise placeholder text. Bad placeholders are an ArgumentException now, not per order.
    /// </summary>
    public static OrderMessageTemplate Parse(string template)
    {
        if (string.IsNullOrWhiteSpace(template)) throw new ArgumentException("The template is empty.", nameof(template));
        var json = TryParseJson(template);
        return json != null ? (OrderMessageTemplate)new JsonTemplate(json) : new TextTemplate(PlaceholderText.Parse(template));
    }

    private static JsonNode? TryParseJson(string template)
    {
        var trimmed = template.TrimStart();
        if (!(trimmed.StartsWith("[", StringComparison.Ordinal) || trimmed.StartsWith("{", StringComparison.Ordinal))) return null;
        try
        {
            var node = JsonNode.Parse(template);
            if (node is JsonArray) return node;
            if (node is JsonObject o && (o["blocks"] is JsonArray || o["type"] != null)) return node;
            return null;
        }
        catch (JsonException)
        {
            return null; // "{Name} ordered {Total}" starts with a brace but is placeholder text
        }
    }

    private sealed class FunctionTemplate : OrderMessageTemplate
    {
        private readonly Func<ShopifyOrder, TemplateContent> _render;
        public FunctionTemplate(Func<ShopifyOrder, TemplateContent> render) { _render = render; }

        internal override TemplateContent Render(ShopifyOrder order, int maxItems) =>
            _render(order) ?? throw new SlackTemplateException("The template returned nothing for order " + order.Name + ".");
    }

    private sealed class TextTemplate : OrderMessageTemplate
    {
        private readonly PlaceholderText _text;
        public TextTemplate(PlaceholderText text) { _text = text; }

        internal override bool IsBodyOnly => true;

        internal override TemplateContent Render(ShopifyOrder order, int maxItems)
        {
            var text = _text.Render(order, escape: true, maxItems);
            if (string.IsNullOrWhiteSpace(text)) throw new SlackTemplateException($"The template gave empty text for order {order.Name}.");
            return new TemplateContent(new JsonArray(BlockKit.Section(text, "order_body")), text);
        }
    }

    private sealed class JsonTemplate : OrderMessageTemplate
    {
        private readonly JsonNode _json;

        public JsonTemplate(JsonNode json)
        {
            _json = json;
            Fill(json.DeepClone(), null, plainText: false); // parses every placeholder now, so a bad one fails at once
        }

        internal override TemplateContent Render(ShopifyOrder order, int maxItems)
        {
            var filled = _json.DeepClone();
            Fill(filled, order, plainText: false, maxItems);
            if (filled is JsonArray array) return new TemplateContent(array);
            var obj = (JsonObject)filled;
            if (obj["blocks"] is JsonArray blocks)
            {
                obj.Remove("blocks");
                return new TemplateContent(blocks, BlockKitLimits.StringOf(obj["text"]));
            }
            return new TemplateContent(new JsonArray(obj));
        }

        /// <summary>Replaces placeholders in every string value; escaped except inside plain_text objects.</summary>
        private static void Fill(JsonNode? node, ShopifyOrder? order, bool plainText, int maxItems = 3)
        {
            if (node is JsonObject obj)
            {
                var isPlain = BlockKitLimits.TypeOf(obj) == "plain_text";
                foreach (var property in new System.Collections.Generic.List<string>(SelectKeys(obj)))
                {
                    var child = obj[property];
                    if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        var parsed = PlaceholderText.Parse(text);
                        if (order != null && parsed.HasPlaceholders) obj[property] =
                            parsed.Render(order, escape: !isPlain && property != "url" && property != "value", maxItems);
                    }
                    else Fill(child, order, isPlain, maxItems);
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var item in array) Fill(item, order, plainText, maxItems);
            }
        }

        private static System.Collections.Generic.IEnumerable<string> SelectKeys(JsonObject obj)
        {
            foreach (var pair in obj) yield return pair.Key;
        }
    }
}
