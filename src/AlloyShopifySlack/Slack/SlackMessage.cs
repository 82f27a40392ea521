namespace AlloyShopifySlack.Slack;

/// <summary>
/// A Slack message ready to post: fallback text (always present), Block Kit blocks and message metadata.
/// Type name AlloyShopifySlack.SlackMessage. Send-SlackOrderAlert and Send-SlackMessage accept it.
/// </summary>
public sealed class SlackMessage
{
    public SlackMessage(string text) { Text = text; }

    /// <summary>The top-level text: notification and screen-reader fallback.</summary>
    public string Text { get; set; }
    public JsonArray? Blocks { get; set; }
    /// <summary>{event_type, event_payload}; lets a posted message be found again (conversations.history).</summary>
    public JsonObject? Metadata { get; set; }
    /// <summary>The order the message is about, when it is an order alert.</summary>
    public string? OrderId { get; set; }
    public string? OrderName { get; set; }
    /// <summary>Set for a thread reply: the parent message's ts (chat.postMessage thread_ts).</summary>
    public string? ThreadTs { get; set; }

    /// <summary>What the builder cut to fit Block Kit's limits (empty when nothing was).</summary>
    public System.Collections.Generic.IReadOnlyList<string> Adjustments { get; set; } = System.Array.Empty<string>();

    public int BlockCount => Blocks?.Count ?? 0;

    /// <summary>The chat.postMessage body for a channel.</summary>
    public JsonObject ToRequestBody(string channel)
    {
        var body = new JsonObject { ["channel"] = channel, ["text"] = Text, ["unfurl_links"] = false, ["unfurl_media"] = false };
        if (Blocks != null) body["blocks"] = Blocks.DeepClone();
        if (Metadata != null) body["metadata"] = Metadata.DeepClone();
        if (!string.IsNullOrEmpty(ThreadTs)) body["thread_ts"] = ThreadTs;
        return body;
    }

    /// <summary>The blocks as JSON, readable (emoji and accents as they are), for display and Slack's Block Kit Builder.</summary>
    public string BlocksJson => Blocks?.ToJsonString(ReadableJson) ?? "[]";

    /// <summary>The message as Slack's message JSON, {"blocks":[…],"text":"…"}: what the Block Kit Builder and chat.postMessage
    /// take.</summary>
    public string PayloadJson => new JsonObject { ["blocks"] = Blocks?.DeepClone() ?? new JsonArray(),
        ["text"] = Text }.ToJsonString(ReadableJson);

    /// <summary>A link that opens these blocks in Slack's Block Kit Builder (to look at them there, or edit them).</summary>
    public string PreviewUrl => Preview.BlockKitBuilderLink.For(Blocks);

    internal static readonly System.Text.Json.JsonSerializerOptions ReadableJson = new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public override string ToString() => Text;
}
