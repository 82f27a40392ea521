using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Slack;

public sealed partial class SlackClient
{
    private readonly object _historyGate = new object();
    private readonly Dictionary<string, DateTimeOffset> _historyNext = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _historyLast = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
    private TimeSpan? _historyInterval;
    private static readonly TimeSpan MaxHistorySpacing = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The spacing Slack wants between two history calls of a channel, learned from its first rate limit (or
    /// set by the caller); later scans by this client wait their turn instead of being refused. Null: not known.
    /// </summary>
    public TimeSpan? HistoryInterval
    {
        get { lock (_historyGate) return _historyInterval; }
        set { lock (_historyGate) _historyInterval = value; }
    }

    /// <summary>
    /// conversations.history over <paramref name="window"/>, newest first, page after page (cursor), each message
    /// handed to <paramref name="visit"/> until it answers true. Paced to the channel's history limit; a rate limit
    /// is waited out through the clock when Slack's wait fits <see cref="HistoryScanOptions.MaxRetryAfter"/> and the
    /// deadline. Never throws for Slack or Alloy failures: the result says how far the scan got and why it stopped.
    /// </summary>
    public async Task<HistoryScanResult> ScanHistoryAsync(string channel, HistoryWindow window, Func<JsonElement, bool> visit,
        HistoryScanOptions? options, CancellationToken ct)
    {
        RequireChannel(channel);
        if (window == null) throw new ArgumentNullException(nameof(window));
        if (visit == null) throw new ArgumentNullException(nameof(visit));
        options ??= HistoryScanOptions.Default;
        var result = new HistoryScanResult(window);
        var cursors = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        while (true)
        {
            if (result.Calls >= MaxPages) { result.Stop($"it stopped after {MaxPages} pages"); break; }
            var query = new JsonObject { ["channel"] = channel, ["oldest"] = window.OldestTs, ["include_all_metadata"] = true,
                ["limit"] = options.PageSize };
            if (window.LatestTs != null) query["latest"] = window.LatestTs;
            if (!string.IsNullOrEmpty(cursor)) query["cursor"] = cursor;
            var page = await HistoryPageAsync(channel, query, options, result, ct).ConfigureAwait(false);
            if (page == null) break;
            result.Calls++;
            foreach (var message in JsonRead.Array(JsonRead.Property(page.Value, "messages")))
            {
                result.Messages++;
                var ts = JsonRead.String(message, "ts");
                if (ts != null && IsSlackTs(ts)) result.CoveredFromTs = ts;
                if (!visit(message)) continue;
                result.StoppedEarly = true;
                return Finish(channel, result);
            }
            cursor = JsonRead.String(JsonRead.Property(page.Value, "response_metadata") ?? default, "next_cursor");
            var hasMore = JsonRead.Bool(page.Value, "has_more") ?? !string.IsNullOrEmpty(cursor);
            if (!hasMore) { result.Complete = true; result.CoveredFromTs = window.OldestTs; break; }
            if (string.IsNullOrEmpty(cursor)) { result.Stop("Slack said there was more but gave no cursor"); break; }
            if (!cursors.Add(cursor!)) { result.Stop("Slack gave the same cursor twice"); break; }
        }
        return Finish(channel, result);
    }

    private const string HistoryAction = "conversations_history";

    /// <summary>
    /// One page: waits for the channel's turn, then calls, waiting out rate limits that fit. Null when the scan must end.
    /// conversations.replies pages the same way under the same kind of limit, with turns of its own.
    /// </summary>
    private async Task<JsonElement?> HistoryPageAsync(string channel, JsonObject query, HistoryScanOptions options,
        HistoryScanResult result, CancellationToken ct,
        string action = HistoryAction)
    {
        var turnKey = action == HistoryAction ? channel : action + "/" + channel;
        for (var attempt = 1; ; attempt++)
        {
            var turn = ReadyAt(turnKey) - _clock.UtcNow;
            if (turn > TimeSpan.Zero)
            {
                if (!MayWait(turn, options)) { result.Stop(OutOfTime(result, turn, options)); return null; }
                result.Waited += turn;
                await _clock.Delay(turn, ct).ConfigureAwait(false);
            }

            TimeSpan wait;
            try
            {
                // Alloy reports a 429 at once (ReportRateLimits): the wait is this scan's to take or refuse.
                var request = new ActionRequest(CredentialId) { QueryParameters = (JsonObject)query.DeepClone(), Idempotent = true,
                    ReportRateLimits = true };
                var answer = await _client.ExecuteAsync(ConnectorId, action, request, ct).ConfigureAwait(false);
                var page = SlackAnswer.Check(action, answer, channel);
                lock (_historyGate) _historyLast[turnKey] = _clock.UtcNow;
                return page;
            }
            catch (SlackApiException ex) when (ex.IsRateLimited)
            {
                wait = ex.RetryAfter ?? Backoff(attempt);
            }
            catch (AlloyRateLimitException ex)
            {
                wait = ex.RetryAfter ?? Backoff(attempt);
            }
            catch (AlloyException ex)
            {
                result.Stop(ex.Message, ex);
                return null;
            }
            result.RateLimited++;
            RateLimitedFor(turnKey, wait);
            if (attempt > MaxRateLimitRetries) { result.Stop($"Slack kept refusing {action.Replace('_', '.')} for {channel} as rate " +
                "limited"); return null; }
            if (!MayWait(wait, options)) { result.Stop(OutOfTime(result, wait, options)); return null; }
            // The next turn (ReadyAt) now includes this wait.
        }
    }

    private DateTimeOffset ReadyAt(string channel)
    {
        lock (_historyGate)
        {
            var ready = _historyNext.TryGetValue(channel, out var next) ? next : DateTimeOffset.MinValue;
            if (_historyInterval != null && _historyLast.TryGetValue(channel, out var last)
                && last + _historyInterval.Value > ready) ready = last + _historyInterval.Value;
            return ready;
        }
    }

    /// <summary>Slack said "not before now + <paramref name="wait"/>": remember it, and learn the spacing from it.</summary>
    private void RateLimitedFor(string channel, TimeSpan wait)
    {
        var now = _clock.UtcNow;
        lock (_historyGate)
        {
            _historyNext[channel] = now + wait;
            if (_historyLast.TryGetValue(channel, out var last))
            {
                // Capped at Slack's strictest documented limit (one a minute): an odd long refusal must not slow every later page.
                var spacing = TimeSpan.FromTicks(Math.Min((now + wait - last).Ticks, MaxHistorySpacing.Ticks));
                if (_historyInterval == null || spacing > _historyInterval) _historyInterval = spacing;
            }
        }
    }

    private bool MayWait(TimeSpan wait, HistoryScanOptions options) =>
        wait <= options.MaxRetryAfter && (options.Deadline == null || _clock.UtcNow + wait <= options.Deadline.Value);

    private static string OutOfTime(HistoryScanResult result, TimeSpan wait, HistoryScanOptions options)
    {
        var seconds = wait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        return wait > options.MaxRetryAfter
            ? $"Slack asked to wait {seconds} s before the next history call, longer than the {options.MaxRetryAfter.TotalSeconds:0} " +
                "s a lookup waits"
            : $"its time budget ran out after {result.Calls} history call(s) (the next one could only be made in {seconds} s)";
    }

    private static HistoryScanResult Finish(string channel, HistoryScanResult result)
    {
        OperationContext.Log.Write(LogLevel.Verbose, $"History of {channel} {result.Window}: {result}.");
        return result;
    }

    /// <summary>Orders Slack ts values ("seconds.micros") by time.</summary>
    public static int CompareTs(string a, string b) =>
        decimal.Parse(a, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture).CompareTo(
            decimal.Parse(b, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));

    public static bool IsSlackTs(string? ts) => decimal.TryParse(ts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);

    /// <summary>The time of a Slack ts ("seconds.micros").</summary>
    public static DateTimeOffset FromSlackTs(string ts)
    {
        var seconds = decimal.Parse(ts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeSeconds(0).AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
    }
}
