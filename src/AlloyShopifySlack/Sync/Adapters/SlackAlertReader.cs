using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Coverage;

namespace AlloyShopifySlack.Sync.Adapters;

/// <summary>The coverage check's reader on <see cref="SlackClient"/>: one history pass per channel, each alert read as the sync reads
/// it.</summary>
public sealed class SlackAlertReader : IChannelAlertReader
{
    private readonly SlackClient _slack;

    public SlackAlertReader(SlackClient slack) { _slack = slack; }

    public async Task<ChannelAlerts> ReadAlertsAsync(string channel, DateTimeOffset since, DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        var byOrder = new Dictionary<string, List<FoundAlert>>(StringComparer.Ordinal);
        var scan = await _slack.ScanHistoryAsync(channel, HistoryWindow.Since(since), message =>
        {
            var identity = MessageIdentity.Read(message);
            if (!identity.IsAlert || identity.Ts == null) return false;
            var json = (JsonObject)JsonNode.Parse(message.GetRawText())!;
            var found = new FoundAlert
            {
                Channel = channel, Ts = identity.Ts, ClaimedBy = ClaimState.ClaimedBy(json),
                Replies = JsonRead.Decimal(JsonRead.Property(message, "reply_count")) is decimal n ? (int)n : 0,
                InDigest = identity.DigestIds.Count > 0 || identity.OrderNumbers.Count > 1,
            };
            foreach (var number in identity.OrderNumbers)
            {
                if (!byOrder.TryGetValue(number, out var list)) byOrder[number] = list = new List<FoundAlert>();
                list.Add(found);
            }
            return false; // every message of the window counts
        }, new HistoryScanOptions { Deadline = deadline }, cancellationToken).ConfigureAwait(false);
        return new ChannelAlerts
        {
            ByOrder = byOrder.ToDictionary(p => p.Key, p => (IReadOnlyList<FoundAlert>)p.Value, StringComparer.Ordinal),
            Calls = scan.Calls, Complete = scan.Complete, CoveredFromTs = scan.CoveredFromTs, Incomplete = scan.Incomplete,
        };
    }

    public Task<string> PermalinkAsync(string channel, string ts, CancellationToken cancellationToken) =>
        _slack.GetPermalinkAsync(channel, ts, cancellationToken);
}
