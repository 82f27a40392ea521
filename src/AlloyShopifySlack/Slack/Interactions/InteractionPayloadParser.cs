namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>
/// Reads Slack's interaction request body: application/x-www-form-urlencoded with one <c>payload</c> field that holds
/// JSON. Anything else raises <see cref="InteractionPayloadException"/> (the listener answers 400).
/// </summary>
public static class InteractionPayloadParser
{
    public const string FormContentType = "application/x-www-form-urlencoded";

    /// <summary>True for "application/x-www-form-urlencoded", with or without parameters such as a charset.</summary>
    public static bool IsFormContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var semicolon = contentType!.IndexOf(';');
        var mediaType = (semicolon >= 0 ? contentType.Substring(0, semicolon) : contentType).Trim();
        return string.Equals(mediaType, FormContentType, StringComparison.OrdinalIgnoreCase);
    }

    public static InteractionPayload Parse(byte[] body, int offset, int count)
    {
        string text;
        try { text = new UTF8Encoding(false, true).GetString(body, offset, count); }
        catch (DecoderFallbackException ex) { throw new InteractionPayloadException("The body is not UTF-8 text.", ex); }
        return ParsePayloadJson(ReadPayloadField(text));
    }

    public static InteractionPayload Parse(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return Parse(bytes, 0, bytes.Length);
    }

    private static string ReadPayloadField(string form)
    {
        string? payload = null;
        foreach (var pair in form.Split('&'))
        {
            if (pair.Length == 0) continue;
            var equals = pair.IndexOf('=');
            if (equals <= 0) throw new InteractionPayloadException("The body is not a form: a field has no name or no '='.");
            var name = Decode(pair.Substring(0, equals));
            if (name != "payload") continue;
            if (payload != null) throw new InteractionPayloadException("The form carries more than one payload field.");
            payload = Decode(pair.Substring(equals + 1));
        }
        if (string.IsNullOrEmpty(payload)) throw new InteractionPayloadException("The form has no payload field.");
        return payload!;
    }

    private static string Decode(string component) => Uri.UnescapeDataString(component.Replace('+', ' '));

    private static InteractionPayload ParsePayloadJson(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new InteractionPayloadException("The payload is JSON but not an object.");
        }
        catch (JsonException ex)
        {
            throw new InteractionPayloadException("The payload field is not valid JSON.", ex);
        }

        var type = Text(root, "type");
        if (string.IsNullOrEmpty(type)) throw new InteractionPayloadException("The payload has no type.");
        var user = root["user"] as JsonObject;
        var container = root["container"] as JsonObject;
        var message = root["message"] as JsonObject;
        return new InteractionPayload
        {
            Type = type!,
            UserId = Text(user, "id"),
            UserName = Text(user, "username") ?? Text(user, "name"),
            TeamId = Text(user, "team_id") ?? Text(root["team"] as JsonObject, "id"),
            ChannelId = Text(container, "channel_id") ?? Text(root["channel"] as JsonObject, "id"),
            MessageTs = Text(container, "message_ts") ?? Text(message, "ts"),
            Message = message,
            Actions = ReadActions(root["actions"] as JsonArray),
        };
    }

    private static IReadOnlyList<InteractionAction> ReadActions(JsonArray? actions)
    {
        var list = new List<InteractionAction>();
        if (actions == null) return list;
        foreach (var node in actions)
        {
            if (!(node is JsonObject action)) continue;
            list.Add(new InteractionAction
            {
                ActionId = Text(action, "action_id") ?? string.Empty,
                BlockId = Text(action, "block_id"),
                Type = Text(action, "type"),
                Value = Text(action, "value"),
                ActionTs = Text(action, "action_ts"),
            });
        }
        return list;
    }

    /// <summary>A string property, or a number's text; null when absent or of another kind.</summary>
    internal static string? Text(JsonObject? node, string name)
    {
        if (node == null || !node.TryGetPropertyValue(name, out var value) || value == null) return null;
        if (value is JsonValue scalar)
        {
            if (scalar.TryGetValue<string>(out var text)) return text;
            if (scalar.GetValueKind() == JsonValueKind.Number) return scalar.ToJsonString();
        }
        return null;
    }
}
