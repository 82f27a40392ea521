using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Slack;

/// <summary>
/// Threads and the small reads around a message: replies (chat.postMessage with thread_ts), conversations.replies
/// (limited like conversations.history: Slack's limits for apps outside its Marketplace name both methods, so the
/// same page limit and interval apply, counted per method and channel), chat.getPermalink, conversations.info,
/// chat.postEphemeral, and what people do by hand (delete a message, post one again).
/// </summary>
public sealed partial class SlackWorkspace
{
    /// <summary>Slack's ceiling for conversations.replies' <c>limit</c>.</summary>
    public const int MaxRepliesLimit = 1000;

    private readonly Dictionary<string, DateTimeOffset> _lastRepliesCall = new();
    private readonly List<SlackEphemeralMessage> _ephemeral = new();

    /// <summary>Ephemeral messages posted (only their user saw them), oldest first.</summary>
    public IReadOnlyList<SlackEphemeralMessage> EphemeralMessages { get { lock (_gate) return _ephemeral.ToList(); } }

    /// <summary>The replies in a thread, oldest first (not the parent).</summary>
    public IReadOnlyList<SlackStoredMessage> Replies(string channelId, string threadTs) =>
        Messages(channelId).Where(m => m.ThreadTs == threadTs && m.Ts != threadTs).ToList();

    /// <summary>The parent's ts for a thread_ts (a reply's ts names its parent's thread); null when there is no such message.</summary>
    private string? ThreadParent(string channelId, string threadTs)
    {
        var message = FindMessage(channelId, threadTs);
        return message == null ? null : message.ThreadTs ?? message.Ts;
    }

    /// <summary>Bookkeeping after a reply is stored: the parent shows reply_count and latest_reply, as Slack's parents do.</summary>
    private void CountReply(string channelId, SlackStoredMessage reply)
    {
        lock (_gate)
        {
            var parent = _messages.TryGetValue(channelId, out var list) ? list.FirstOrDefault(m => m.Ts == reply.ThreadTs) : null;
            if (parent == null) return;
            parent.ReplyCount++;
            parent.LatestReply = reply.Ts;
        }
    }

    /// <summary>conversations.replies: the parent first, then its replies, oldest first; has_more and a cursor past the page.</summary>
    public ProviderAnswer ConversationReplies(JsonObject query)
    {
        var channel = FindChannel(Str(query["channel"]));
        if (channel == null) return Fail("channel_not_found");
        if (!channel.IsMember) return Fail("not_in_channel");
        var ts = NullIfEmpty(Str(query["ts"]));
        if (ts == null || !IsTs(ts)) return Fail("invalid_ts");
        if (!TryTakeTurn(_lastRepliesCall, channel.Id, out var retryAfter)) return RateLimited(retryAfter);
        var parentTs = ThreadParent(channel.Id, ts);
        if (parentTs == null) return Fail("thread_not_found");
        var limit = Math.Min(ParseInt(query["limit"]) ?? MaxRepliesLimit, HistoryPageLimit ?? MaxRepliesLimit);
        if (limit < 1) return Fail("invalid_limit");
        var includeMetadata = Bool(query["include_all_metadata"]);
        var inclusive = Bool(query["inclusive"]);
        var oldest = NullIfEmpty(Str(query["oldest"]));
        var latest = NullIfEmpty(Str(query["latest"]));
        var cursor = Str(query["cursor"]);
        string? after = null;
        if (!string.IsNullOrEmpty(cursor) && ((after = DecodeCursor(cursor!, "after_ts:")) == null || !IsTs(after))) return Fail(
            "invalid_cursor");

        var candidates = Messages(channel.Id)
            .Where(m => m.Ts == parentTs || m.ThreadTs == parentTs)
            .Where(m => InWindow(m.Ts, oldest, latest, inclusive))
            .Where(m => after == null || CompareTs(m.Ts, after) > 0)
            .OrderBy(m => m.Ts, Comparer<string>.Create(CompareTs))
            .Take(limit + 1).ToList();
        var hasMore = candidates.Count > limit;
        var page = candidates.Take(limit).ToList();
        return ProviderAnswer.Ok(new JsonObject
        {
            ["ok"] = true,
            ["messages"] = new JsonArray(page.Select(m => (JsonNode)m.ToJson(Identity, includeMetadata)).ToArray()),
            ["has_more"] = hasMore,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = hasMore ? EncodeCursor("after_ts:" + page[^1].Ts) : string.Empty },
        });
    }

    /// <summary>chat.getPermalink: https://{workspace}/archives/{channel}/p{ts without the dot} (a reply's link names its
    /// thread).</summary>
    public ProviderAnswer Permalink(JsonObject query)
    {
        var channel = FindChannel(Str(query["channel"]));
        if (channel == null) return Fail("channel_not_found");
        var ts = Str(query["message_ts"]);
        var message = string.IsNullOrEmpty(ts) ? null : FindMessage(channel.Id, ts!);
        if (message == null) return Fail("message_not_found");
        var link = $"{Identity.Url.TrimEnd('/')}/archives/{channel.Id}/p{message.Ts.Replace(".", string.Empty)}";
        if (message.ThreadTs != null && message.ThreadTs != message.Ts) link += $"?thread_ts={message.ThreadTs}&cid={channel.Id}";
        return ProviderAnswer.Ok(new JsonObject { ["ok"] = true, ["channel"] = channel.Id, ["permalink"] = link });
    }

    /// <summary>chat.postEphemeral: a message only <c>user</c> sees; not in the channel's history.</summary>
    public ProviderAnswer PostEphemeral(JsonObject body)
    {
        var channel = FindChannel(Str(body["channel"]));
        if (channel == null) return Fail("channel_not_found");
        if (!channel.IsMember) return Fail("not_in_channel");
        var user = Str(body["user"]);
        if (string.IsNullOrEmpty(user)) return Fail("user_not_in_channel");
        var text = Str(body["text"]);
        if (!TryBlocks(body["blocks"], out var blocks, out var blockError)) return blockError!;
        if (string.IsNullOrEmpty(text) && blocks == null) return Fail("no_text");
        var ts = NowTs();
        lock (_gate) _ephemeral.Add(new SlackEphemeralMessage(channel.Id, user!, ts, text, blocks));
        return ProviderAnswer.Ok(new JsonObject { ["ok"] = true, ["message_ts"] = ts });
    }

    /// <summary>Someone deleted a message by hand (its replies stay, as in Slack).</summary>
    public bool Delete(string channelId, string ts)
    {
        lock (_gate)
        {
            if (!_messages.TryGetValue(channelId, out var list)) return false;
            var message = list.FirstOrDefault(m => m.Ts == ts);
            if (message == null) return false;
            list.Remove(message);
            var parent = message.ThreadTs != null && message.ThreadTs != ts ? list.FirstOrDefault(m => m.Ts == message.ThreadTs) : null;
            if (parent != null) parent.ReplyCount = Math.Max(0, parent.ReplyCount - 1);
            return true;
        }
    }

    /// <summary>The same message posted again (a second tool or a person re-sending an alert): a new ts, same blocks and
    /// metadata.</summary>
    public SlackStoredMessage? Repost(string channelId, string ts)
    {
        var original = FindMessage(channelId, ts);
        if (original == null) return null;
        return Store(channelId, newTs => new SlackStoredMessage
        {
            Channel = channelId, Ts = newTs, Text = original.Text, Blocks = (JsonArray?)original.Blocks?.DeepClone(),
            Metadata = (JsonObject?)original.Metadata?.DeepClone(),
        });
    }

    /// <summary>One call per channel per <see cref="HistoryIntervalSeconds"/> for a limited method, or how long to wait.</summary>
    private bool TryTakeTurn(Dictionary<string, DateTimeOffset> lastCalls, string channelId, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (HistoryIntervalSeconds is not { } seconds || seconds <= 0) return true;
        var now = _clock.UtcNow;
        lock (_gate)
        {
            if (lastCalls.TryGetValue(channelId, out var last) && now < last + TimeSpan.FromSeconds(seconds))
            {
                retryAfter = last + TimeSpan.FromSeconds(seconds) - now;
                return false;
            }
            lastCalls[channelId] = now;
            return true;
        }
    }
}

/// <summary>A chat.postEphemeral message: seen by <see cref="User"/> only, never in history.</summary>
public sealed record SlackEphemeralMessage(string Channel, string User, string Ts, string? Text, JsonArray? Blocks);
