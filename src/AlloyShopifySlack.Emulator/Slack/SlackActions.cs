using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Slack;

/// <summary>The Web API methods the product uses, answered with Slack's bodies (failures as ok:false).</summary>
public sealed partial class SlackWorkspace
{
    private const int MaxTextLength = 40_000;

    public static ProviderAnswer Fail(string error, string? detail = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error"] = error };
        if (detail != null) body["response_metadata"] = new JsonObject { ["messages"] = new JsonArray($"[ERROR] {detail}") };
        return ProviderAnswer.Error(body);
    }

    /// <summary>Slack's HTTP 429 {ok:false, error:ratelimited} with Retry-After in whole seconds (at least 1).</summary>
    public static ProviderAnswer RateLimited(TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new ProviderAnswer(new JsonObject { ["ok"] = false, ["error"] = "ratelimited" })
        {
            IsProviderError = true, RateLimitStatus = 429, RetryAfter = TimeSpan.FromSeconds(seconds),
        };
    }

    public ProviderAnswer PostMessage(JsonObject body)
    {
        var channel = FindChannel((string?)Str(body["channel"]));
        if (channel == null) return Fail("channel_not_found");
        if (channel.IsArchived) return Fail("is_archived");
        if (!channel.IsMember) return Fail("not_in_channel");
        var text = Str(body["text"]);
        if (!TryBlocks(body["blocks"], out var blocks, out var blockError)) return blockError!;
        if (string.IsNullOrEmpty(text) && (blocks == null || blocks.Count == 0)) return Fail("no_text");
        if (!TryMetadata(body["metadata"], out var metadata)) return Fail("invalid_metadata_format");
        var threadTs = NullIfEmpty(Str(body["thread_ts"]));
        if (threadTs != null && (threadTs = ThreadParent(channel.Id, threadTs)) == null) return Fail("thread_not_found");
        if (!TryTakePostToken(channel.Id, out var retryAfter)) return RateLimited(retryAfter);
        if (text != null && text.Length > MaxTextLength) text = text[..MaxTextLength];
        var message = Store(channel.Id, ts => new SlackStoredMessage
        {
            Channel = channel.Id, Ts = ts, Text = text, Blocks = blocks, Metadata = metadata, ThreadTs = threadTs,
        });
        if (threadTs != null) CountReply(channel.Id, message);
        return ProviderAnswer.Ok(new JsonObject
        {
            ["ok"] = true,
            ["channel"] = channel.Id,
            ["ts"] = message.Ts,
            ["message"] = message.ToJson(Identity, includeMetadata: true),
        });
    }

    /// <summary>chat.update: only text → blocks dropped; no text and no blocks → blocks kept (as Slack's chat.update does).</summary>
    public ProviderAnswer Update(JsonObject body)
    {
        var channel = FindChannel(Str(body["channel"]));
        if (channel == null) return Fail("channel_not_found");
        var ts = Str(body["ts"]);
        if (string.IsNullOrEmpty(ts)) return Fail("message_not_found");
        if (!TryBlocks(body["blocks"], out var blocks, out var blockError)) return blockError!;
        if (!TryMetadata(body["metadata"], out var metadata)) return Fail("invalid_metadata_format");
        var text = Str(body["text"]);
        SlackStoredMessage? message;
        lock (_gate)
        {
            message = _messages.TryGetValue(channel.Id, out var list) ? list.FirstOrDefault(m => m.Ts == ts) : null;
            if (message == null) return Fail("message_not_found");
            if (blocks != null) message.Blocks = blocks;
            else if (text != null) message.Blocks = null;
            if (text != null) message.Text = text;
            if (metadata != null) message.Metadata = metadata;
            if (blocks == null) message.EditedTs = NowTs();
            message.UpdateCount++;
        }
        return ProviderAnswer.Ok(new JsonObject
        {
            ["ok"] = true,
            ["channel"] = channel.Id,
            ["ts"] = message.Ts,
            ["text"] = message.Text ?? string.Empty,
            ["message"] = message.ToJson(Identity, includeMetadata: true),
        });
    }

    public ProviderAnswer AuthTest() => ProviderAnswer.Ok(new JsonObject
    {
        ["ok"] = true, ["url"] = Identity.Url, ["team"] = Identity.Team, ["user"] = Identity.User,
        ["team_id"] = Identity.TeamId, ["user_id"] = Identity.UserId, ["bot_id"] = Identity.BotId, ["app_id"] = Identity.AppId,
        ["is_enterprise_install"] = false,
    });

    public ProviderAnswer List(JsonObject query)
    {
        var limit = ParseInt(query["limit"]) ?? 100;
        if (limit < 1 || limit >= 1000) return Fail("invalid_limit");
        var types =
            (Str(query["types"]) ?? "public_channel").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (types.Any(t => t is not ("public_channel" or "private_channel" or "mpim" or "im"))) return Fail("invalid_types");
        var excludeArchived = Bool(query["exclude_archived"]);
        var start = 0;
        var cursor = Str(query["cursor"]);
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!int.TryParse(DecodeCursor(cursor!, "index:"), NumberStyles.Integer, CultureInfo.InvariantCulture, out start)) return Fail(
                "invalid_cursor");
        }
        var matching = Channels
            .Where(c => types.Contains(c.IsPrivate ? "private_channel" : "public_channel"))
            .Where(c => !excludeArchived || !c.IsArchived).ToList();
        var page = matching.Skip(start).Take(limit).ToList();
        var next = start + page.Count < matching.Count ? EncodeCursor("index:"
            + (start + page.Count).ToString(CultureInfo.InvariantCulture)) : string.Empty;
        return ProviderAnswer.Ok(new JsonObject
        {
            ["ok"] = true,
            ["channels"] = new JsonArray(page.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id, ["name"] = c.Name, ["is_channel"] = !c.IsPrivate, ["is_private"] = c.IsPrivate,
                ["is_member"] = c.IsMember, ["is_archived"] = c.IsArchived,
            }).ToArray()),
            ["response_metadata"] = new JsonObject { ["next_cursor"] = next },
        });
    }

    private static bool TryBlocks(JsonNode? node, out JsonArray? blocks, out ProviderAnswer? error)
    {
        blocks = null;
        error = null;
        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            try { node = JsonNode.Parse(text); }
            catch (JsonException) { error = Fail("invalid_blocks_format"); return false; }
        }
        if (node == null) return true;
        if (node is not JsonArray array) { error = Fail("invalid_blocks_format"); return false; }
        if (BlockKitValidator.Validate(array) is { } problem) { error = Fail("invalid_blocks", problem); return false; }
        blocks = (JsonArray)array.DeepClone();
        return true;
    }

    private static bool TryMetadata(JsonNode? node, out JsonObject? metadata)
    {
        metadata = null;
        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            try { node = JsonNode.Parse(text); } catch (JsonException) { return false; }
        }
        if (node == null) return true;
        if (node is not JsonObject o || o["event_type"] is not JsonValue || o["event_payload"] is not JsonObject) return false;
        metadata = (JsonObject)o.DeepClone();
        return true;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool IsTs(string value) => decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);

    /// <summary>conversations.history / .replies: a ts within oldest..latest (each end included only when inclusive).</summary>
    private static bool InWindow(string ts, string? oldest, string? latest, bool inclusive) =>
        (oldest == null || (inclusive ? CompareTs(ts, oldest) >= 0 : CompareTs(ts, oldest) > 0))
        && (latest == null || (inclusive ? CompareTs(ts, latest) <= 0 : CompareTs(ts, latest) < 0));

    internal static int CompareTs(string? a, string? b) =>
        decimal.Parse(a ?? "0", CultureInfo.InvariantCulture).CompareTo(decimal.Parse(b ?? "0", CultureInfo.InvariantCulture));

    private static string EncodeCursor(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static string? DecodeCursor(string cursor, string prefix)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : null;
        }
        catch (FormatException) { return null; }
    }

    internal static string? Str(JsonNode? node) => node is JsonValue v
        ? (v.TryGetValue<string>(out var s) ? s : v.ToJsonString())
        : null;

    private static int? ParseInt(JsonNode? node) =>
        int.TryParse(Str(node), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    private static bool Bool(JsonNode? node) =>
        node is JsonValue v && ((v.TryGetValue<bool>(out var b) && b) || (Str(v) is { } s && (s == "true" || s == "1")));
}
