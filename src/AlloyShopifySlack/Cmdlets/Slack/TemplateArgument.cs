using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Cmdlets.Slack;

/// <summary>
/// -Template as PowerShell users write it: a scriptblock (the order is $_ and $args[0]; it returns blocks as
/// hashtables, a JSON string, @{ text = ...; blocks = ... }, or plain mrkdwn text), a placeholder string, or
/// Block Kit hashtables/JSON whose strings hold placeholders.
/// </summary>
internal static class TemplateArgument
{
    /// <summary>The core template; a scriptblock is invoked by the builder, so Build must run on the pipeline thread.</summary>
    public static OrderMessageTemplate? From(object? template)
    {
        if (template is PSObject wrapped) template = wrapped.BaseObject;
        switch (template)
        {
            case null:
                return null;
            case ScriptBlock script:
                return OrderMessageTemplate.FromContent(order => ToContent(Invoke(script, order)));
            case string text:
                return OrderMessageTemplate.Parse(text);
            case IDictionary _:
            case IEnumerable _:
                return OrderMessageTemplate.Parse(PowerShellJson.ToNode(template)!.ToJsonString());
            default:
                throw new ArgumentException("-Template takes a scriptblock, a string with {placeholders}, or Block Kit hashtables/JSON.");
        }
    }

    private static Collection<PSObject> Invoke(ScriptBlock script, ShopifyOrder order)
    {
        var variables = new List<PSVariable> { new PSVariable("_", order), new PSVariable("PSItem", order) };
        return script.InvokeWithContext(null, variables, order);
    }

    private static TemplateContent ToContent(Collection<PSObject> output)
    {
        var items = output.Where(o => o != null).ToList();
        if (items.Count == 0) throw new SlackTemplateException("The template scriptblock returned nothing.");
        if (items.Count > 1 && items.All(i => i.BaseObject is string)) return FromText(
            string.Join("\n", items.Select(i => (string)i.BaseObject)));
        if (items.Count == 1)
        {
            var single = items[0].BaseObject;
            if (single is string text) return FromText(text);
            if (single is IDictionary dictionary && (dictionary.Contains("blocks") || dictionary.Contains("text"))
                && !dictionary.Contains("type"))
                return FromMessageShape(PowerShellJson.ToNode(dictionary) as JsonObject);
        }
        return new TemplateContent(PowerShellJson.ToBlocks(items.Count == 1 ? (object)items[0] : items));
    }

    private static TemplateContent FromText(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith("[", StringComparison.Ordinal) || trimmed.StartsWith("{", StringComparison.Ordinal))
        {
            try
            {
                var node = JsonNode.Parse(text);
                if (node is JsonObject o && !o.ContainsKey("type")) return FromMessageShape(o);
                return new TemplateContent(PowerShellJson.ToBlocks(text));
            }
            catch (System.Text.Json.JsonException)
            {
                // plain text that happens to start with a bracket
            }
        }
        if (string.IsNullOrWhiteSpace(text)) throw new SlackTemplateException("The template scriptblock returned empty text.");
        return new TemplateContent(new JsonArray(BlockKit.Section(text, "order_body")), text);
    }

    private static TemplateContent FromMessageShape(JsonObject? shape)
    {
        var text = shape?["text"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
        if (shape?["blocks"] is JsonArray blocks) return new TemplateContent((JsonArray)blocks.DeepClone(), text);
        if (!string.IsNullOrWhiteSpace(text)) return new TemplateContent(new JsonArray(BlockKit.Section(text!, "order_body")), text);
        throw new SlackTemplateException("The template returned neither blocks nor text.");
    }
}
