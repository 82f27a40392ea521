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
        /// The posts of a channel that failed ambiguously (a 5xx or a timeout after sending: they may have landed),
        /// looked for in one history pass once the channel's other posts are done. Found → sent; otherwise left
        /// pending, and the next run looks again before posting (never posted twice blind).
        /// </summary>
        private async Task ResolveAmbiguousAsync(string channel, AmbiguousPosts posts, IOrderLedger ledger, RunTally tally, CancellationToken cancellationToken)
        {
            var keys = posts.Posts.Select(p => p.Unit.Key).ToList();
            var lookup = await LookUpAsync(channel, keys, posts.Window(_options.ReconcileSkew), _clock.UtcNow + _options.ReconcileBudget, tally, cancellationToken).ConfigureAwait(false);
            foreach (var (unit, error) in posts.Posts)
            {
                var ts = lookup.Find(unit.Key);
                if (ts != null)
                {
                    var posted = new SlackPostResult(channel, ts);
                    Settle(unit, posted, ledger, tally, "posted (found in the channel after an ambiguous failure)");
                    await FollowUpAsync(unit.Items, posted, ledger, tally, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                var why = lookup.Complete ? "it is not in the channel yet" : $"looking for it did not finish ({lookup.Incomplete})";
                foreach (var item in unit.Items)
                    tally.Record(Outcome(item, AlertStatus.Pending, null, "outcome unknown",
                        $"{error.Message} {why}; left pending, the next run looks again before posting.", error));
            }
        }
    }

    /// <summary>
    /// A channel's posts whose outcome is unknown, and where in the channel they can be: after the message posted
    /// just before the first of them and before the one posted just after the last (a channel's posts go one at a
    /// time and Slack orders a channel's messages), or from the first intent less the clock skew.
    /// </summary>
    internal sealed class AmbiguousPosts
    {
        private readonly List<(DeliveryUnit Unit, AlloyAmbiguousResultException Error)> _posts = new List<(DeliveryUnit, AlloyAmbiguousResultException)>();
        private DateTimeOffset _firstIntent;
        private string? _lastPosted;
        private string? _before;
        private string? _after;
        private bool _open;

        public int Count => _posts.Count;
        public IReadOnlyList<(DeliveryUnit Unit, AlloyAmbiguousResultException Error)> Posts => _posts;

        public void Add(DeliveryUnit unit, DateTimeOffset intentAt, AlloyAmbiguousResultException error)
        {
            if (_posts.Count == 0)
            {
                _firstIntent = intentAt;
                _before = _lastPosted;
            }
            _posts.Add((unit, error));
            _open = true;
        }

        public void Posted(string ts)
        {
            _lastPosted = ts;
            if (!_open) return;
            _after = ts;
            _open = false;
        }

        /// <summary>
        /// A post that answered late may have landed after the next one: then it is outside this window, not found,
        /// and left pending for the next run's unbounded look, which is safe.
        /// </summary>
        public HistoryWindow Window(TimeSpan skew) => new HistoryWindow(_before ?? SlackClient.SlackTs(_firstIntent - skew), _open ? null : _after);
    }
}
