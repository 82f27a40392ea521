namespace AlloyShopifySlack.Slack;

/// <summary>Small constructors for the Block Kit JSON the builders use. Text passed here is used as given: escape first.</summary>
public static class BlockKit
{
    public static JsonObject PlainText(string text) => new JsonObject { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    public static JsonObject Mrkdwn(string text) => new JsonObject { ["type"] = "mrkdwn", ["text"] = text };

    public static JsonObject Header(string text, string? blockId = null) =>
        WithId(new JsonObject { ["type"] = "header", ["text"] = PlainText(text) }, blockId);

    public static JsonObject Section(string mrkdwn, string? blockId = null) =>
        WithId(new JsonObject { ["type"] = "section", ["text"] = Mrkdwn(mrkdwn) }, blockId);

    public static JsonObject Fields(string? blockId, params string[] mrkdwnFields) =>
        WithId(new JsonObject { ["type"] = "section", ["fields"] = new JsonArray(
            mrkdwnFields.Select(f => (JsonNode)Mrkdwn(f)).ToArray()) }, blockId);

    public static JsonObject Divider() => new JsonObject { ["type"] = "divider" };

    public static JsonObject Context(string mrkdwn, string? blockId = null) =>
        WithId(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Mrkdwn(mrkdwn)) }, blockId);

    public static JsonObject Actions(string? blockId, params JsonObject[] elements) =>
        WithId(new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray(elements.Cast<JsonNode>().ToArray()) }, blockId);

    public static JsonObject Button(string text, string actionId, string? value = null, string? url = null, string? style = null)
    {
        var button = new JsonObject { ["type"] = "button", ["text"] = PlainText(text), ["action_id"] = actionId };
        if (value != null) button["value"] = value;
        if (url != null) button["url"] = url;
        if (style != null) button["style"] = style;
        return button;
    }

    private static JsonObject WithId(JsonObject block, string? blockId)
    {
        if (blockId != null) block["block_id"] = blockId;
        return block;
    }
}
