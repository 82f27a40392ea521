namespace AlloyShopifySlack.Slack;

/// <summary>The part of a channel's history a scan reads: messages after <see cref="OldestTs"/> and before <see cref="LatestTs"/> (both
/// exclusive).</summary>
public sealed class HistoryWindow
{
    public HistoryWindow(string oldestTs, string? latestTs = null)
    {
        OldestTs = oldestTs ?? throw new ArgumentNullException(nameof(oldestTs));
        LatestTs = latestTs;
    }

    public string OldestTs { get; }
    /// <summary>Null: up to now.</summary>
    public string? LatestTs { get; }

    public static HistoryWindow Since(DateTimeOffset oldest) => new HistoryWindow(SlackClient.SlackTs(oldest));

    public override string ToString() => LatestTs == null ? $"since {OldestTs}" : $"between {OldestTs} and {LatestTs}";
}

/// <summary>How patient a scan is.</summary>
public sealed class HistoryScanOptions
{
    public static readonly HistoryScanOptions Default = new HistoryScanOptions();

    /// <summary>No call and no wait that would end after this (the caller's time budget); null = none.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>
    /// The longest rate-limit wait a scan accepts. Slack's limit for apps outside its Marketplace is one history
    /// call a minute, so a minute always suffices for the next page; a longer wait ends the scan instead.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Messages asked for per call; Slack may give fewer (15 for apps outside its Marketplace) and say has_more.</summary>
    public int PageSize { get; init; } = 200;
}

/// <summary>What one scan read, and how far it got.</summary>
public sealed class HistoryScanResult
{
    public HistoryScanResult(HistoryWindow window) { Window = window; }

    public HistoryWindow Window { get; }
    /// <summary>conversations.history calls that answered (the lookups a run reports).</summary>
    public int Calls { get; internal set; }
    /// <summary>Calls Slack refused with a rate limit (each waited out, or the end of the scan).</summary>
    public int RateLimited { get; internal set; }
    public int Messages { get; internal set; }
    /// <summary>Time spent waiting for the channel's turn and for rate limits.</summary>
    public TimeSpan Waited { get; internal set; }
    /// <summary>Every message of the window up to its end was read.</summary>
    public bool Complete { get; internal set; }
    /// <summary>The caller had what it wanted and stopped the scan.</summary>
    public bool StoppedEarly { get; internal set; }
    /// <summary>Every message of the window newer than this ts was read (null: none yet; the window's start when complete).</summary>
    public string? CoveredFromTs { get; internal set; }
    /// <summary>Why the scan ended before the window's start: one sentence, or null.</summary>
    public string? Incomplete { get; internal set; }
    /// <summary>The failure that ended it, when one did.</summary>
    public Exception? Failure { get; internal set; }

    /// <summary>True when every message after <paramref name="oldestTs"/> in the window was read.</summary>
    public bool Covers(string oldestTs) => Complete || (CoveredFromTs != null && SlackClient.CompareTs(CoveredFromTs, oldestTs) <= 0);

    internal void Stop(string reason, Exception? failure = null)
    {
        Incomplete = reason;
        Failure = failure;
    }

    public override string ToString() =>
        $"{Calls} call(s), {Messages} " +
            $"message(s){(Complete ? ", complete" : StoppedEarly ? ", all found" : ", incomplete: " + Incomplete)}, " +
            $"waited {Waited.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
}
