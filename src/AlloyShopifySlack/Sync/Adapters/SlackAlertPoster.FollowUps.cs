using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Sync.Adapters;

/// <summary>Follow-ups on <see cref="SlackClient"/>: chat.update, replies through the same chat.postMessage as alerts, and the
/// reads.</summary>
public sealed partial class SlackAlertPoster
{
    public Task UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken) =>
        _slack.UpdateMessageAsync(channel, ts, message, cancellationToken);

    public Task<SlackPostResult> ReplyAsync(string channel, string threadTs, SlackMessage message, CancellationToken cancellationToken)
    {
        message.ThreadTs = threadTs;
        return PostAsync(channel, message, cancellationToken);
    }

    public async Task<MessageRead> ReadMessagesAsync(string channel, IReadOnlyList<HistoryWindow> windows, IReadOnlyCollection<string> ts,
        DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<string>(ts, StringComparer.Ordinal);
        var found = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var calls = 0;
        foreach (var window in windows)
        {
            var inWindow = wanted.Where(t => Inside(t, window)).ToList();
            if (inWindow.Count == 0) continue;
            var scan = await _slack.ScanHistoryAsync(channel, window, message =>
            {
                var at = JsonRead.String(message, "ts");
                if (at == null || !inWindow.Remove(at)) return false;
                found[at] = (JsonObject)JsonNode.Parse(message.GetRawText())!;
                return inWindow.Count == 0;
            }, new HistoryScanOptions { Deadline = deadline }, cancellationToken).ConfigureAwait(false);
            calls += scan.Calls;
            if (!scan.Complete && !scan.StoppedEarly)
                return new MessageRead { Messages = found, Calls = calls, Incomplete = scan.Incomplete, Failure = scan.Failure };
        }
        return new MessageRead { Messages = found, Calls = calls, Complete = true };
    }

    public async Task<ThreadRead> ReadThreadAsync(string channel, string threadTs, IReadOnlyCollection<AlertKey> keys,
        DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var wanted = keys.GroupBy(k => k.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonObject? parent = null;
        var scan = await _slack.ScanThreadAsync(channel, threadTs, message =>
        {
            var ts = JsonRead.String(message, "ts");
            if (ts == threadTs) parent = (JsonObject)JsonNode.Parse(message.GetRawText())!;
            else if (ts != null)
            {
                var identity = MessageIdentity.Read(message);
                foreach (var key in wanted.Values.Where(k => k.Matches(identity)).ToList())
                {
                    found[key.Id] = ts;
                    wanted.Remove(key.Id);
                }
            }
            return parent != null && wanted.Count == 0;
        }, new HistoryScanOptions { Deadline = deadline }, cancellationToken).ConfigureAwait(false);
        var gone = scan.Failure is SlackApiException slack && slack.Code == SlackClient.ThreadNotFound;
        return new ThreadRead
        {
            Parent = parent, ParentGone = gone, Found = found, Calls = scan.Calls, Complete = scan.Complete || scan.StoppedEarly || gone,
            Incomplete = gone ? null : scan.Incomplete, Failure = gone ? null : scan.Failure,
        };
    }

    public Task<string> PermalinkAsync(string channel, string ts, CancellationToken cancellationToken) =>
        _slack.GetPermalinkAsync(channel, ts, cancellationToken);

    private static bool Inside(string ts, HistoryWindow window) =>
        SlackClient.CompareTs(ts, window.OldestTs) > 0 && (window.LatestTs == null || SlackClient.CompareTs(ts, window.LatestTs) < 0);
}
