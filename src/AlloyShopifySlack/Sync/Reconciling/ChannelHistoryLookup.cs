using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Sync.Planning;

namespace AlloyShopifySlack.Sync.Reconciling;

/// <summary>
/// One look in a channel's history for a set of alerts, going on from what an earlier run read when it can: a pass
/// that ran out of time records (fact <see cref="LearnedFacts.HistoryRead"/>) what it read, so that a busy channel is
/// read through over a few runs, never from the top again.
/// </summary>
internal sealed class ChannelHistoryLookup(SyncRunContext run)
{
    public async Task<AlertLookup> LookInChannelAsync(string channel, List<WorkItem> items, DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        var startedTs = SlackClient.SlackTs(run.Clock.UtcNow);
        var read = ReadBefore(run.Ledger, channel);
        // Alerts pending when that pass began were all looked for in it; any other item needs its whole window.
        var known = read == null ? new List<WorkItem>()
            : items.Where(i => i.Entry?.Status == LedgerStatus.Pending && SlackClient.CompareTs(SlackClient.SlackTs(i.Entry.IntentAt),
                read.Value.To) <= 0).ToList();
        var recentStart = read == null ? DateTimeOffset.MinValue : SlackClient.FromSlackTs(read.Value.To) - run.Options.ReconcileSkew;
        foreach (var item in items.Except(known))
            if (LookupStart(item) < recentStart) recentStart = LookupStart(item);

        AlertLookup lookup;
        var keys = items.SelectMany(KeysOf).ToList();
        if (read == null || known.Count == 0 || SlackClient.CompareTs(SlackClient.SlackTs(recentStart), read.Value.From) <= 0)
        {
            lookup = await run.LookUpAsync(channel, keys, HistoryWindow.Since(items.Min(LookupStart)), deadline, cancellationToken)
                .ConfigureAwait(false);
        }
        else
        {
            var recent = await run.LookUpAsync(channel, keys, HistoryWindow.Since(recentStart), deadline, cancellationToken)
                .ConfigureAwait(false);
            lookup = recent.Complete ? await LookOlderAsync(channel, known, recent, read.Value.From, deadline, cancellationToken)
                .ConfigureAwait(false) : recent;
        }

        var next = !lookup.Complete && lookup.CoveredFromTs != null ? lookup.CoveredFromTs + " " + startedTs : string.Empty;
        if (next.Length > 0 || read != null) run.Ledger.SetFact(LearnedFacts.HistoryRead + channel, next);
        return lookup;
    }

    /// <summary>A message for it cannot be older than its intent (or, with no intent known, than the order), less the clock skew.</summary>
    public DateTimeOffset LookupStart(WorkItem item) =>
        (item.Entry?.Status == LedgerStatus.Pending ? item.Entry.IntentAt : item.CreatedAt) - run.Options.ReconcileSkew;

    public static string? PendingDigest(WorkItem item) => item.Entry?.Status == LedgerStatus.Pending ? item.Entry.DigestId : null;

    /// <summary>The older part for the alerts <paramref name="recent"/> did not find: from their oldest start up to where the earlier pass
    /// stopped.</summary>
    private async Task<AlertLookup> LookOlderAsync(string channel, List<WorkItem> known, AlertLookup recent, string readFrom,
        DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        var left = known.Where(i => !KeysOf(i).Any(k => recent.Find(k) != null)).ToList();
        var oldest = left.Count == 0 ? (DateTimeOffset?)null : left.Min(LookupStart);
        if (oldest == null || SlackClient.CompareTs(SlackClient.SlackTs(oldest.Value), readFrom) >= 0) return recent;
        var older = await run.LookUpAsync(channel, left.SelectMany(KeysOf).ToList(),
            new HistoryWindow(SlackClient.SlackTs(oldest.Value), readFrom),
            deadline, cancellationToken).ConfigureAwait(false);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in older.Found.Concat(recent.Found)) found[pair.Key] = pair.Value; // the recent (newer) message wins
        return new AlertLookup
        {
            Found = found, Calls = recent.Calls + older.Calls, Complete = older.Complete,
            CoveredFromTs = older.CoveredFromTs ?? readFrom, Incomplete = older.Incomplete, Failure = older.Failure,
        };
    }

    private static (string From, string To)? ReadBefore(IOrderLedger ledger, string channel)
    {
        if (!ledger.Facts.TryGetValue(LearnedFacts.HistoryRead + channel, out var text)) return null;
        var parts = text.Split(' ');
        if (parts.Length != 2 || !SlackClient.IsSlackTs(parts[0]) || !SlackClient.IsSlackTs(parts[1])
            || SlackClient.CompareTs(parts[0], parts[1]) > 0) return null;
        return (parts[0], parts[1]);
    }

    private static IEnumerable<AlertKey> KeysOf(WorkItem item) => PendingDigest(item) is string digest
        ? new[] { AlertKey.ForDigest(digest), AlertKey.ForOrder(item.OrderId) }
        : new[] { AlertKey.ForOrder(item.OrderId) };
}
