using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Slack;

/// <summary>
/// conversations.history, with the limits Slack puts on apps outside its Marketplace when the options ask for them:
/// at most <see cref="HistoryPageLimit"/> messages a call whatever <c>limit</c> asks (the rest behind has_more and a
/// cursor), and one call per channel per <see cref="HistoryIntervalSeconds"/> of the emulator clock, otherwise HTTP
/// 429 with Retry-After as Slack's rate limits answer.
/// </summary>
public sealed partial class SlackWorkspace
{
    /// <summary>Slack's Tier 3 ceiling for <c>limit</c>.</summary>
    public const int MaxHistoryLimit = 999;

    private readonly Dictionary<string, DateTimeOffset> _lastHistoryCall = new();

    /// <summary>Most messages one history call returns; null = whatever <c>limit</c> asks, up to 999.</summary>
    public int? HistoryPageLimit { get; set; }

    /// <summary>One history call per channel per this many seconds; null = no limit.</summary>
    public double? HistoryIntervalSeconds { get; set; }

    /// <summary>newest first; event_payload only with include_all_metadata=true.</summary>
    public ProviderAnswer History(JsonObject query)
    {
        var channel = FindChannel(Str(query["channel"]));
        if (channel == null) return Fail("channel_not_found");
        if (!channel.IsMember) return Fail("not_in_channel");
        if (!TryTakeTurn(_lastHistoryCall, channel.Id, out var retryAfter)) return RateLimited(retryAfter);
        var limit = ParseInt(query["limit"]) ?? 100;
        if (limit < 1) return Fail("invalid_limit");
        limit = Math.Min(limit, HistoryPageLimit ?? MaxHistoryLimit);
        var inclusive = Bool(query["inclusive"]);
        var oldest = NullIfEmpty(Str(query["oldest"]));
        var latest = NullIfEmpty(Str(query["latest"]));
        if (oldest != null && !IsTs(oldest)) return Fail("invalid_ts_oldest");
        if (latest != null && !IsTs(latest)) return Fail("invalid_ts_latest");
        var includeMetadata = Bool(query["include_all_metadata"]);
        var cursor = Str(query["cursor"]);
        string? before = null;
        if (!string.IsNullOrEmpty(cursor) && ((before = DecodeCursor(cursor!, "next_ts:")) == null || !IsTs(before))) return Fail(
            "invalid_cursor");

        var candidates = Messages(channel.Id)
            .Where(m => m.ThreadTs == null || m.ThreadTs == m.Ts)
            .Where(m => InWindow(m.Ts, oldest, latest, inclusive))
            .Where(m => before == null || CompareTs(m.Ts, before) < 0)
            .OrderByDescending(m => m.Ts, Comparer<string>.Create(CompareTs))
            .Take(limit + 1).ToList();
        var hasMore = candidates.Count > limit;
        var page = candidates.Take(limit).ToList();
        return ProviderAnswer.Ok(new JsonObject
        {
            ["ok"] = true,
            ["messages"] = new JsonArray(page.Select(m => (JsonNode)m.ToJson(Identity, includeMetadata)).ToArray()),
            ["has_more"] = hasMore,
            ["pin_count"] = 0,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = hasMore ? EncodeCursor("next_ts:" + page[^1].Ts) : string.Empty },
        });
    }
}
