using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync.Adapters;

/// <summary>
/// The engine's poster on <see cref="SlackClient"/>: chat.postMessage through the client's one write path (its
/// pacer, whose learned pace per channel is kept in the sync state), and conversations.history read for alert keys.
/// </summary>
public sealed partial class SlackAlertPoster : IAlertPoster, IUsesLearnedFacts
{
    private readonly SlackClient _slack;
    private readonly SlackPaceFacts _pace;

    public SlackAlertPoster(SlackClient slack)
    {
        _slack = slack;
        _pace = new SlackPaceFacts(slack.Pacer);
    }

    public void UseFacts(IOrderLedger ledger, bool record) => _pace.Use(ledger, record);

    public async Task<SlackPostResult> PostAsync(string channel, SlackMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var posted = await _slack.PostMessageAsync(channel, message, cancellationToken).ConfigureAwait(false);
            // Slack may answer with the channel's id for a name; the ledger keeps what the alert was routed to.
            return new SlackPostResult(channel, posted.Ts);
        }
        finally
        {
            _pace.Record(channel);
        }
    }

    public async Task<AlertLookup> LookUpAsync(string channel, IReadOnlyCollection<AlertKey> keys, HistoryWindow window,
        DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var wanted = keys.GroupBy(k => k.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var scan = await _slack.ScanHistoryAsync(channel, window, message =>
        {
            var identity = MessageIdentity.Read(message);
            if ((!identity.IsAlert && identity.FollowUpKeys.Count == 0) || identity.Ts == null) return false;
            foreach (var key in wanted.Values.Where(k => k.Matches(identity)).ToList())
            {
                found[key.Id] = identity.Ts; // newest first: the first match is the newest message
                wanted.Remove(key.Id);
            }
            return wanted.Count == 0;
        }, new HistoryScanOptions { Deadline = deadline }, cancellationToken).ConfigureAwait(false);
        return new AlertLookup
        {
            Found = found, Calls = scan.Calls, Complete = scan.Complete || scan.StoppedEarly, CoveredFromTs = scan.CoveredFromTs,
            Incomplete = scan.Incomplete, Failure = scan.Failure,
        };
    }
}
