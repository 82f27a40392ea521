using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync
{
    public sealed partial class OrderSyncEngine
    {
        /// <summary>
        /// -TagOrders and -LogToGoogleSheet for alerted orders, each done once: the ledger flags it when it succeeds.
        /// A failure is reported and retried by a later run (tagging twice is harmless; a sheet row could repeat only
        /// if the process dies between the append and the flag).
        /// </summary>
        private async Task FollowUpAsync(IReadOnlyList<WorkItem> items, SlackPostResult posted, IOrderLedger ledger, RunTally tally, CancellationToken cancellationToken)
        {
            foreach (var item in items)
            {
                var entry = item.Entry;
                if (entry == null || item.Order == null) continue;
                if (_options.TagOrders.Count > 0 && _deps.Tagger != null && !entry.Tagged)
                {
                    if (await TryAsync(() => _deps.Tagger.TagAsync(item.Order, _options.TagOrders, cancellationToken), $"tagging {item.OrderName}", tally).ConfigureAwait(false))
                    {
                        entry = entry with { Tagged = true };
                        ledger.Put(entry, durable: false);
                    }
                }
                if (_options.LogToSheet && _deps.RowLog != null && !entry.Logged)
                {
                    if (await TryAsync(() => _deps.RowLog.AppendAsync(item.Order, posted, cancellationToken), $"logging {item.OrderName} to Google Sheets", tally).ConfigureAwait(false))
                    {
                        entry = entry with { Logged = true };
                        ledger.Put(entry, durable: false);
                    }
                }
                item.Entry = entry;
            }
        }

        private static async Task<bool> TryAsync(Func<Task> work, string what, RunTally tally)
        {
            try
            {
                await work().ConfigureAwait(false);
                return true;
            }
            catch (AlloyException ex)
            {
                tally.Error($"{what} failed: {ex.Message} (retried by the next run)");
                return false;
            }
        }

        /// <summary>Follow-ups that an earlier run could not finish, for alerted orders still in the window.</summary>
        private async Task FollowUpAlreadySentAsync(SyncPlan plan, IOrderLedger ledger, RunTally tally, CancellationToken cancellationToken)
        {
            if (_stopAll) return;
            var wantTags = _options.TagOrders.Count > 0 && _deps.Tagger != null;
            var wantRows = _options.LogToSheet && _deps.RowLog != null;
            if (!wantTags && !wantRows) return;
            foreach (var item in plan.AlreadySent.Where(i => (wantTags && !i.Entry!.Tagged) || (wantRows && !i.Entry!.Logged)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var entry = item.Entry!;
                await FollowUpAsync(new[] { item }, new SlackPostResult(entry.Channel, entry.Ts ?? string.Empty), ledger, tally, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// The checkpoint moves to the newest order read, but never past a qualifying order this run left untouched
        /// (it stopped early): such an order has no ledger entry, so only the window can bring it back. Pending and
        /// failed orders do not hold it: the ledger keeps them and they are read back by id when due, so fetches stay
        /// bounded by the overlap window however long an order keeps failing.
        /// </summary>
        private DateTimeOffset? AdvanceCheckpoint(IOrderLedger ledger, SyncPlan plan, List<ShopifyOrder> fetched, DateTimeOffset now, out int deferred)
        {
            var left = plan.Work.Where(w => w.InWindow && !w.Handled && w.Order != null).ToList();
            deferred = left.Count;
            DateTimeOffset? candidate = fetched.Count > 0 ? fetched.Max(o => o.CreatedAt) : (DateTimeOffset?)null;
            if (left.Count > 0)
            {
                var oldestLeft = left.Min(w => w.CreatedAt);
                if (candidate == null || oldestLeft < candidate) candidate = oldestLeft;
            }
            var previous = ledger.Checkpoint;
            var next = previous == null ? candidate : candidate == null || candidate < previous ? previous : candidate;
            if (next == null) return null;
            ledger.SetCheckpoint(next.Value, now);
            var cutoff = next.Value - _options.Overlap - _options.RetentionMargin;
            if (now - _options.FollowUpWindow < cutoff) cutoff = now - _options.FollowUpWindow; // followed alerts stay
            ledger.Prune(cutoff);
            return next;
        }
    }
}
