using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync
{
    public sealed partial class OrderSyncEngine
    {
        /// <summary>
        /// Learned per channel ("slack.historyRead/C…" = "fromTs toTs"): a pass that ran out of time read every message
        /// between the two and none of the alerts then pending was there. The next run reads what came since and goes
        /// on from where it stopped, so that a busy channel is read through over a few runs, never from the top again.
        /// </summary>
        public const string HistoryReadFact = "slack.historyRead/";

        /// <summary>One look in a channel for all of <paramref name="items"/>, going on from what an earlier run read when it can.</summary>
        private async Task<AlertLookup> LookInChannelAsync(string channel, List<WorkItem> items, IOrderLedger ledger, DateTimeOffset deadline,
            RunTally tally, CancellationToken cancellationToken)
        {
            var startedTs = SlackClient.SlackTs(_clock.UtcNow);
            var read = ReadBefore(ledger, channel);
            // Alerts pending when that pass began were all looked for in it; any other item needs its whole window.
            var known = read == null ? new List<WorkItem>()
                : items.Where(i => i.Entry?.Status == LedgerStatus.Pending && SlackClient.CompareTs(SlackClient.SlackTs(i.Entry.IntentAt), read.Value.To) <= 0).ToList();
            var recentStart = read == null ? DateTimeOffset.MinValue : SlackClient.FromSlackTs(read.Value.To) - _options.ReconcileSkew;
            foreach (var item in items.Except(known))
                if (LookupStart(item) < recentStart) recentStart = LookupStart(item);

            AlertLookup lookup;
            if (read == null || known.Count == 0 || SlackClient.CompareTs(SlackClient.SlackTs(recentStart), read.Value.From) <= 0)
            {
                lookup = await LookUpAsync(channel, items.SelectMany(KeysOf).ToList(), HistoryWindow.Since(items.Min(LookupStart)), deadline, tally, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var recent = await LookUpAsync(channel, items.SelectMany(KeysOf).ToList(), HistoryWindow.Since(recentStart), deadline, tally, cancellationToken).ConfigureAwait(false);
                lookup = recent.Complete ? await LookOlderAsync(channel, known, recent, read.Value.From, deadline, tally, cancellationToken).ConfigureAwait(false) : recent;
            }

            var next = !lookup.Complete && lookup.CoveredFromTs != null ? lookup.CoveredFromTs + " " + startedTs : string.Empty;
            if (next.Length > 0 || read != null) ledger.SetFact(HistoryReadFact + channel, next);
            return lookup;
        }

        /// <summary>The older part for the alerts <paramref name="recent"/> did not find: from their oldest start up to where the earlier pass stopped.</summary>
        private async Task<AlertLookup> LookOlderAsync(string channel, List<WorkItem> known, AlertLookup recent, string readFrom, DateTimeOffset deadline,
            RunTally tally, CancellationToken cancellationToken)
        {
            var left = known.Where(i => !KeysOf(i).Any(k => recent.Find(k) != null)).ToList();
            var oldest = left.Count == 0 ? (DateTimeOffset?)null : left.Min(LookupStart);
            if (oldest == null || SlackClient.CompareTs(SlackClient.SlackTs(oldest.Value), readFrom) >= 0) return recent;
            var older = await LookUpAsync(channel, left.SelectMany(KeysOf).ToList(), new HistoryWindow(SlackClient.SlackTs(oldest.Value), readFrom), deadline, tally, cancellationToken).ConfigureAwait(false);
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
            if (!ledger.Facts.TryGetValue(HistoryReadFact + channel, out var text)) return null;
            var parts = text.Split(' ');
            if (parts.Length != 2 || !SlackClient.IsSlackTs(parts[0]) || !SlackClient.IsSlackTs(parts[1]) || SlackClient.CompareTs(parts[0], parts[1]) > 0) return null;
            return (parts[0], parts[1]);
        }

        private static IEnumerable<AlertKey> KeysOf(WorkItem item) => PendingDigest(item) is string digest
            ? new[] { AlertKey.ForDigest(digest), AlertKey.ForOrder(item.OrderId) }
            : new[] { AlertKey.ForOrder(item.OrderId) };

        /// <summary>Looks in one channel, counting the history calls; a failure of the port itself is a lookup that read nothing.</summary>
        private async Task<AlertLookup> LookUpAsync(string channel, IReadOnlyCollection<AlertKey> keys, HistoryWindow window, DateTimeOffset deadline,
            RunTally tally, CancellationToken cancellationToken)
        {
            var distinct = keys.GroupBy(k => k.Id).Select(g => g.First()).ToList();
            AlertLookup lookup;
            try
            {
                lookup = await _deps.Poster.LookUpAsync(channel, distinct, window, deadline, cancellationToken).ConfigureAwait(false);
            }
            catch (AlloyException ex)
            {
                lookup = AlertLookup.Failed(ex);
            }
            tally.Lookups(lookup.Calls);
            return lookup;
        }
    }
}
