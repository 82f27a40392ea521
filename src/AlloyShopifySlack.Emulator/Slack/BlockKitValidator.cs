namespace AlloyShopifySlack.Emulator.Slack;

/// <summary>
/// Checks the Block Kit limits Slack enforces (50 blocks, text lengths, ids; see docs/api-facts.md) so that a client that exceeds one hears
/// invalid_blocks, as it would from Slack, instead of passing silently.
/// </summary>
public static class BlockKitValidator
{
    public const int MaxBlocks = 50;

    /// <summary>Null when valid, else a short reason (Slack's response_metadata.messages style).</summary>
    public static string? Validate(JsonArray blocks)
    {
        if (blocks.Count > MaxBlocks) return $"no more than {MaxBlocks} items allowed [json-pointer:/blocks]";
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is not JsonObject block) return $"must be an object [json-pointer:/blocks/{i}]";
            var type = (string?)block["type"];
            var problem = type switch
            {
                "header" => TooLong(block["text"], 150, "text"),
                "section" => Section(block),
                "actions" => Actions(block),
                "context" => block["elements"] is JsonArray e && e.Count > 10 ? "no more than 10 items allowed [elements]" : null,
                "divider" or "image" or "rich_text" or "input" or "file" or "video" => null,
                null => "missing required field: type",
                _ => $"unsupported type: {type}",
            };
            if (problem != null) return $"{problem} [json-pointer:/blocks/{i}]";
        }
        return null;
    }

    private static string? Section(JsonObject block)
    {
        if (block["text"] == null && block["fields"] == null) return "must provide either text or fields";
        if (TooLong(block["text"], 3000, "text") is { } text) return text;
        if (block["fields"] is JsonArray fields)
        {
            if (fields.Count > 10) return "no more than 10 items allowed [fields]";
            foreach (var field in fields) if (TooLong(field, 2000, "fields") is { } f) return f;
        }
        return block["accessory"] is JsonObject accessory ? Button(accessory) : null;
    }

    private static string? Actions(JsonObject block)
    {
        if (block["elements"] is not JsonArray elements) return "missing required field: elements";
        if (elements.Count > 25) return "no more than 25 items allowed [elements]";
        foreach (var element in elements.OfType<JsonObject>()) if (Button(element) is { } b) return b;
        return null;
    }

    private static string? Button(JsonObject element)
    {
        if ((string?)element["type"] != "button") return null;
        if (TooLong(element["text"], 75, "button text") is { } t) return t;
        if (((string?)element["action_id"])?.Length > 255) return "must be less than 256 characters [action_id]";
        if (((string?)element["value"])?.Length > 2000) return "must be less than 2001 characters [value]";
        if (((string?)element["url"])?.Length > 3000) return "must be less than 3001 characters [url]";
        return null;
    }

    /// <summary>Text objects are {type, text}; Slack counts characters of the text.</summary>
    private static string? TooLong(JsonNode? textObject, int max, string what)
    {
        var text = textObject is JsonObject o ? (string?)o["text"] : null;
        if (textObject is JsonObject && string.IsNullOrEmpty(text)) return $"must be more than 0 characters [{what}]";
        return text != null && new System.Globalization.StringInfo(text).LengthInTextElements > max && text.Length > max
            ? $"must be less than {max + 1} characters [{what}]" : null;
    }
}
