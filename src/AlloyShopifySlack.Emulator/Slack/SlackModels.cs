namespace AlloyShopifySlack.Emulator.Slack;

public sealed record SlackChannel(string Id, string Name, bool IsMember = true, bool IsArchived = false, bool IsPrivate = false);

/// <summary>A message the fake workspace holds. Blocks, text and metadata change on chat.update.</summary>
public sealed class SlackStoredMessage
{
    public required string Channel { get; init; }
    public required string Ts { get; init; }
    public string? Text { get; set; }
    public JsonArray? Blocks { get; set; }
    public JsonObject? Metadata { get; set; }
    public string? ThreadTs { get; init; }
    public string? EditedTs { get; set; }
    public int UpdateCount { get; set; }
    /// <summary>Replies in this message's thread (a parent only).</summary>
    public int ReplyCount { get; set; }
    public string? LatestReply { get; set; }

    /// <summary>The message as Slack shows it; metadata only when asked for (include_all_metadata).</summary>
    public JsonObject ToJson(SlackIdentity identity, bool includeMetadata)
    {
        var json = new JsonObject
        {
            ["type"] = "message",
            ["text"] = Text ?? string.Empty,
            ["user"] = identity.UserId,
            ["bot_id"] = identity.BotId,
            ["app_id"] = identity.AppId,
            ["team"] = identity.TeamId,
            ["ts"] = Ts,
        };
        if (Blocks != null) json["blocks"] = Blocks.DeepClone();
        if (ThreadTs != null) json["thread_ts"] = ThreadTs;
        else if (ReplyCount > 0)
        {
            json["thread_ts"] = Ts;
            json["reply_count"] = ReplyCount;
            json["latest_reply"] = LatestReply;
        }
        if (EditedTs != null) json["edited"] = new JsonObject { ["user"] = identity.BotId, ["ts"] = EditedTs };
        if (includeMetadata && Metadata != null) json["metadata"] = Metadata.DeepClone();
        return json;
    }
}

/// <summary>Who the Slack credential is (auth.test).</summary>
public sealed record SlackIdentity
{
    public string TeamId { get; init; } = "T0EMULATOR";
    public string Team { get; init; } = "Alloy Emulator Workspace";
    public string Url { get; init; } = "https://alloy-emulator.slack.com/";
    public string User { get; init; } = "alloy_orders_bot";
    public string UserId { get; init; } = "U0ALLOYBOT";
    public string BotId { get; init; } = "B0ALLOYBOT";
    public string AppId { get; init; } = "A0ALLOYAPP";
}
