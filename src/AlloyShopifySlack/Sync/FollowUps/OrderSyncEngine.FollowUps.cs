using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.FollowUps;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync
{
    /// <summary>
    /// Follow-ups: after its alert an order keeps changing. Each run reads the orders updated since the last run
    /// (one read, every page), records in the ledger what changed against what the alert shows, and then, alert by
    /// alert, changes the alert in place and replies in its thread once per change, exactly once (intent first,
    /// a key in the reply, the thread looked at before posting again), and escalates alerts nobody claimed.
    /// Work grows with the changes: the ledger is the queue, so a run that stops early leaves the rest for the next.
    /// </summary>
    public sealed partial class OrderSyncEngine
    {
        /// <summary>Learned: orders were read by update time up to here ("followUps.updatedThrough").</summary>
        public const string UpdatedThroughFact = "followUps.updatedThrough";
        /// <summary>Learned: the created window has been read since here, so an unknown qualifying order newer than it was below the threshold.</summary>
        public const string CoveredFromFact = "followUps.coveredFrom";

        private bool FollowUpsOn => _options.FollowUpWindow > TimeSpan.Zero && !_options.WhatIf;

        /// <summary>
        /// Step 2, second read: orders created before this run's created window and updated since the last read (less
        /// the overlap), at most the follow window back; the newer ones are in the created read. A new (or lost) sync
        /// state follows nothing yet, so its first run only notes where the next one starts.
        /// </summary>
        private async Task<UpdatedOrders> ReadUpdatedAsync(IOrderLedger ledger, DateTimeOffset since, DateTimeOffset now, RunTally tally, CancellationToken cancellationToken)
        {
            if (!FollowUpsOn || !(_deps.Source is IUpdatedOrderSource source)) return UpdatedOrders.None;
            var startedAt = _clock.UtcNow;
            var through = Fact(ledger, UpdatedThroughFact);
            if (!ledger.Facts.ContainsKey(CoveredFromFact)) ledger.SetFact(CoveredFromFact, LedgerJson.Format(since));
            if (through == null && ledger.Entries.Count == 0) return new UpdatedOrders(new List<ShopifyOrder>(), startedAt, since);
            var from = through - _options.Overlap ?? (ledger.LastRunAt - _options.Overlap) ?? since;
            if (from < now - _options.FollowUpWindow) from = now - _options.FollowUpWindow;
            try
            {
                var orders = await ReadAllAsync(source.ReadUpdatedOrdersAsync(from, since, cancellationToken), cancellationToken).ConfigureAwait(false);
                tally.FollowUps.Elapsed += _clock.UtcNow - startedAt;
                _say.Bullet($"Updated after: {SyncNarrator.When(from)} ({orders.Count} older order(s) changed)");
                return new UpdatedOrders(orders, startedAt, Fact(ledger, CoveredFromFact) ?? since);
            }
            catch (AlloyException ex)
            {
                tally.Error($"Could not read the orders updated since {LedgerJson.Format(from)}: {ex.Message} Follow-ups wait for the next run.");
                return UpdatedOrders.None;
            }
        }

        /// <summary>
        /// Orders edited above the threshold: updated, qualifying now, never alerted, and created after the created
        /// window began to be read (so they were below it then). They are alerted now, like new orders.
        /// </summary>
        private List<ShopifyOrder> CrossedUpward(UpdatedOrders updated, List<ShopifyOrder> fetched, List<ShopifyOrder> refetched, IOrderLedger ledger, DateTimeOffset now)
        {
            if (updated.Orders.Count == 0) return new List<ShopifyOrder>();
            var read = new HashSet<string>(fetched.Concat(refetched).Select(o => o.Id), StringComparer.Ordinal);
            var crossed = updated.Orders.Where(o => !read.Contains(o.Id) && ledger.Find(o.Id) == null && SkipReason(o) == null
                && o.CreatedAt >= updated.CoveredFrom && o.CreatedAt >= now - _options.FollowUpWindow).ToList();
            foreach (var order in crossed) updated.Crossed.Add(order.Id);
            return crossed;
        }

        /// <summary>After the alerts: what changed, then each channel's follow-ups and escalations, then the read's checkpoint.</summary>
        private async Task FollowUpAlertsAsync(UpdatedOrders updated, IEnumerable<ShopifyOrder> read, SyncPlan plan, IOrderLedger ledger, RunTally tally, CancellationToken cancellationToken)
        {
            if (!FollowUpsOn) return;
            var now = _clock.UtcNow;
            try { await FollowUpPassAsync(updated, read, plan, ledger, tally, now, cancellationToken).ConfigureAwait(false); }
            finally { tally.FollowUps.Elapsed += _clock.UtcNow - now; }
        }

        private async Task FollowUpPassAsync(UpdatedOrders updated, IEnumerable<ShopifyOrder> read, SyncPlan plan, IOrderLedger ledger, RunTally tally,
            DateTimeOffset now, CancellationToken cancellationToken)
        {
            ObserveChanges(updated.Orders.Concat(read), updated, ledger, now);
            var entries = ledger.Entries;
            var due = entries.Where(e => e.Status == LedgerStatus.Sent && SlackClient.IsSlackTs(e.Ts) && Followed(e, now)
                && (e.FollowUp != null || e.Current != null || EscalationDue(e, now))).ToList();
            if (due.Count > 0 && !_stopAll)
            {
                var known = entries.Where(e => SlackClient.IsSlackTs(e.Ts)).GroupBy(e => e.Channel, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Ts!).ToList(), StringComparer.Ordinal);
                var deadline = now + _options.ReconcileBudget;
                var channels = due.GroupBy(e => e.Channel, StringComparer.Ordinal)
                    .Select(g => FollowUpChannelAsync(g.Key, g.ToList(), known[g.Key], ledger, tally, deadline, cancellationToken)).ToList();
                await Task.WhenAll(channels).ConfigureAwait(false);
            }
            var counts = tally.FollowUps;
            if (counts.Replies + counts.Escalations > 0)
                _say.Ok($"Follow-ups: {counts.AlertsUpdated} alert(s) updated, {counts.Replies} thread repl(ies), {counts.Escalations} escalation(s)");
            // The updated read counts as done only if the orders it brought were all dealt with (a stopped run reads them again).
            var left = plan.Work.Any(w => !w.Handled && updated.Crossed.Contains(w.OrderId));
            if (updated.ReadAt != null && !left && !_stopAll) ledger.SetFact(UpdatedThroughFact, LedgerJson.Format(updated.ReadAt.Value));
        }

        /// <summary>Records, for each alerted order the read brought, what it is now when that differs from what its alert shows.</summary>
        private void ObserveChanges(IEnumerable<ShopifyOrder> orders, UpdatedOrders updated, IOrderLedger ledger, DateTimeOffset now)
        {
            var changes = new List<LedgerEntry>();
            foreach (var order in orders)
            {
                var entry = ledger.Find(order.Id);
                if (entry == null || entry.Status != LedgerStatus.Sent || !Followed(entry, now)) continue;
                var seen = OrderSnapshot.Of(order, _options.TagOrders);
                updated.Observed++;
                if (entry.Shown == null)
                {
                    // Alerted before follow-ups existed: what it showed is not known, so this is where following starts.
                    changes.Add(entry with { Shown = seen });
                    continue;
                }
                if (seen.Equals(entry.Current ?? entry.Shown)) continue;
                var settledLook = seen.Equals(entry.Shown) && entry.FollowUp == null;
                changes.Add(entry with { Current = settledLook ? null : seen });
            }
            if (changes.Count > 0) ledger.Put(changes, durable: false);
        }

        /// <summary>Alerts are followed for the follow window after they were posted.</summary>
        private bool Followed(LedgerEntry entry, DateTimeOffset now) => AlertTime(entry) >= now - _options.FollowUpWindow;

        /// <summary>When the alert was posted, as near as the ledger knows: its intent was recorded just before the post.</summary>
        private static DateTimeOffset AlertTime(LedgerEntry entry) => entry.IntentAt;

        private static DateTimeOffset? Fact(IOrderLedger ledger, string name) =>
            ledger.Facts.TryGetValue(name, out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : (DateTimeOffset?)null;

        private static string FollowUpKey(LedgerEntry entry, int seq) => AlertBlockIds.OrderNumber(entry.OrderId) + "." + seq.ToString(CultureInfo.InvariantCulture);

        private static string EscalationKey(LedgerEntry entry) => AlertBlockIds.OrderNumber(entry.OrderId) + ".escalation";
    }

    /// <summary>What the updated-orders read of a run brought.</summary>
    internal sealed class UpdatedOrders
    {
        public static UpdatedOrders None => new UpdatedOrders(new List<ShopifyOrder>(), null, DateTimeOffset.MaxValue);

        public UpdatedOrders(List<ShopifyOrder> orders, DateTimeOffset? readAt, DateTimeOffset coveredFrom)
        {
            Orders = orders;
            ReadAt = readAt;
            CoveredFrom = coveredFrom;
        }

        public List<ShopifyOrder> Orders { get; }
        /// <summary>When the read began (null: no read): the next run reads from here, less the overlap.</summary>
        public DateTimeOffset? ReadAt { get; }
        public DateTimeOffset CoveredFrom { get; }
        /// <summary>Orders it brought that crossed the threshold upward (alerted by this run).</summary>
        public HashSet<string> Crossed { get; } = new HashSet<string>(StringComparer.Ordinal);
        /// <summary>Alerted orders among them (followed).</summary>
        public int Observed { get; set; }
    }
}
