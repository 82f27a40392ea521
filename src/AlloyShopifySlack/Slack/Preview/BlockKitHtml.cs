namespace AlloyShopifySlack.Slack.Preview;

/// <summary>
/// Block Kit blocks → the HTML of one message body: header, section (text, fields, a button accessory), context,
/// divider, actions (buttons), image (its alt text: the page loads nothing). A block it does not draw is named,
/// not dropped, so that the preview never hides part of a message.
/// </summary>
public static class BlockKitHtml
{
    /// <summary>The message body; with no blocks Slack shows the fallback text as mrkdwn, and so does this.</summary>
    public static string Render(JsonArray? blocks, string? fallbackText)
    {
        var html = new StringBuilder();
        if (blocks == null || blocks.Count == 0)
        {
            html.Append("<div class=\"b-section\"><div class=\"s-text\">").Append(MrkdwnHtml.Render(fallbackText)).Append("</div></div>");
            return html.ToString();
        }
        foreach (var block in blocks.OfType<JsonObject>()) Block(block, html);
        return html.ToString();
    }

    private static void Block(JsonObject block, StringBuilder html)
    {
        var type = Text(block["type"]) ?? string.Empty;
        var id = Text(block["block_id"]);
        var data = " data-block-type=\"" + HtmlText.Escape(type) + "\"" + (id != null ? " data-block-id=\"" + HtmlText.Escape(id) + "\""
            : string.Empty);
        switch (type)
        {
            case "header":
                html.Append("<div class=\"b-header\"").Append(data).Append('>').Append(TextObject(block["text"])).Append("</div>");
                break;
            case "section":
                Section(block, data, html);
                break;
            case "context":
                html.Append("<div class=\"b-context\"").Append(data).Append('>');
                foreach (var element in Objects(block["elements"])) html.Append("<span class=\"c-el\">").Append(Element(element))
                    .Append("</span>");
                html.Append("</div>");
                break;
            case "divider":
                html.Append("<hr class=\"b-divider\"").Append(data).Append('>');
                break;
            case "actions":
                html.Append("<div class=\"b-actions\"").Append(data).Append('>');
                foreach (var element in Objects(block["elements"])) html.Append(Element(element));
                html.Append("</div>");
                break;
            case "image":
                html.Append("<div class=\"b-image\"").Append(data).Append('>').Append(Image(block)).Append("</div>");
                break;
            default:
                html.Append("<div class=\"b-unknown\"").Append(data).Append(">This preview does not draw ")
                    .Append(HtmlText.Escape(type.Length == 0 ? "untyped" : "'" + type + "'")).Append(
                        " blocks; Slack would show one here.</div>");
                break;
        }
    }

    private static void Section(JsonObject block, string data, StringBuilder html)
    {
        var accessory = block["accessory"] as JsonObject;
        html.Append("<div class=\"b-section").Append(accessory != null ? " has-accessory" : string.Empty).Append('"').Append(data).Append(
            "><div class=\"s-main\">");
        if (block["text"] is JsonObject text) html.Append("<div class=\"s-text\">").Append(TextObject(text)).Append("</div>");
        var fields = Objects(block["fields"]).ToList();
        if (fields.Count > 0)
        {
            html.Append("<div class=\"s-fields\">");
            foreach (var field in fields) html.Append("<div class=\"s-field\">").Append(TextObject(field)).Append("</div>");
            html.Append("</div>");
        }
        html.Append("</div>");
        if (accessory != null) html.Append("<div class=\"s-accessory\">").Append(Element(accessory)).Append("</div>");
        html.Append("</div>");
    }

    /// <summary>A mrkdwn or plain_text object.</summary>
    private static string TextObject(JsonNode? node)
    {
        if (!(node is JsonObject text)) return string.Empty;
        var value = Text(text["text"]);
        if (Text(text["type"]) == "mrkdwn") return MrkdwnHtml.Render(value);
        var emoji = !(text["emoji"] is JsonValue flag && flag.TryGetValue<bool>(out var on) && !on);
        return "<span class=\"plain\">" + MrkdwnHtml.PlainText(value, emoji) + "</span>";
    }

    /// <summary>An element of a context or actions block, or an accessory.</summary>
    private static string Element(JsonObject element)
    {
        switch (Text(element["type"]))
        {
            case "mrkdwn": return "<span class=\"c-text\">" + MrkdwnHtml.Inline(Text(element["text"])) + "</span>";
            case "plain_text": return TextObject(element);
            case "button": return Button(element);
            case "image": return Image(element);
            default:
                var type = Text(element["type"]) ?? "element";
                var placeholder = element["placeholder"] is JsonObject p ? Text(p["text"]) : null;
                return "<span class=\"el-other\">" + HtmlText.Escape(placeholder ?? type) + " ▾</span>";
        }
    }

    private static string Button(JsonObject button)
    {
        var style = Text(button["style"]);
        var css = "btn" + (style == "primary" ? " btn-primary" : style == "danger" ? " btn-danger" : string.Empty);
        var label = TextObject(button["text"]);
        var hint = "action_id: " + (Text(button["action_id"]) ?? "none") + (Text(button["value"]) is string value ? "; value: " + value
            : string.Empty);
        var url = Text(button["url"]);
        if (url != null && MrkdwnTokens.IsWebAddress(url))
            return "<a class=\"" + css + "\" href=\"" + HtmlText.Escape(url) + "\" target=\"_blank\" rel=\"noopener noreferrer\" title=\"" +
                   HtmlText.Escape(hint + "; opens " + url) + "\">" + label + "</a>";
        return "<span class=\"" + css + "\" role=\"button\" title=\"" + HtmlText.Escape(hint) + "\">" + label + "</span>";
    }

    /// <summary>Images stay unloaded (the page makes no requests): their alt text stands in.</summary>
    private static string Image(JsonObject image)
    {
        var alt = Text(image["alt_text"]) ?? "image";
        return "<span class=\"img-alt\" title=\"Image not loaded in the preview\">🖼 " + HtmlText.Escape(alt) + "</span>";
    }

    private static System.Collections.Generic.IEnumerable<JsonObject> Objects(JsonNode? node) =>
        node is JsonArray array ? array.OfType<JsonObject>() : Enumerable.Empty<JsonObject>();

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
