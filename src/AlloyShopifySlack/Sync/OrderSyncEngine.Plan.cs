using System;
using System.Collections.Generic;
using System.Linq;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync
{
    public sealed partial class OrderSyncEngine
    {
        /// <summary>Decides, per order, what the run does; this is also the -WhatIf answer.</summary>
        private SyncPlan Classify(List<ShopifyOrder> fetched, List<ShopifyOrder> refetched, IOrderLedger ledger, DateTimeOffset now)
        {
            var plan = new SyncPlan();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            // An empty state may be a lost one (a deleted folder, a new runner): what it forgot may be in Slack already.
            var stateIsEmpty = ledger.Checkpoint == null && ledger.LastRunAt == null && ledger.Entries.Count == 0;
            foreach (var (order, inWindow) in fetched.Select(o => (o, true)).Concat(refetched.Select(o => (o, false))))
            {
                if (!seen.Add(order.Id)) continue;
                var entry = ledger.Find(order.Id);
                var skip = SkipReason(order);
                if (inWindow && skip == null) plan.Qualifying++;
                if (entry?.Status == LedgerStatus.Pending)
                {
                    // Intent recorded by a run that did not settle it: finish that, whatever the order looks like now.
                    var channel = skip == null ? _options.Routes.ChannelFor(order.Total) ?? entry.Channel : entry.Channel;
                    AddWork(plan, new WorkItem(order, entry, channel) { InWindow = inWindow, NeedsLookup = true }, OrderSyncAction.Reconcile,
                        $"an earlier run recorded the intent (to {entry.Channel}) but not the outcome: looked for in the channel first");
                    continue;
                }
                if (skip != null)
                {
                    plan.Items.Add(Item(order, skip.Value.Action, null, skip.Value.Reason));
                    continue;
                }
                var route = _options.Routes.ChannelFor(order.Total)!;
                if (entry == null)
                {
                    var forgotten = ledger.ForgottenThrough != null && order.CreatedAt <= ledger.ForgottenThrough;
                    AddWork(plan, new WorkItem(order, null, route) { InWindow = inWindow, NeedsLookup = forgotten || stateIsEmpty }, OrderSyncAction.Send,
                        forgotten ? "older than the sync state remembers: looked for in the channel first"
                        : stateIsEmpty ? "new to an empty sync state (new, or lost): looked for in the channel first" : "new");
                }
                else if (entry.Status == LedgerStatus.Sent)
                {
                    plan.AlreadySent.Add(new WorkItem(order, entry, entry.Channel) { InWindow = inWindow });
                    plan.Items.Add(Item(order, OrderSyncAction.AlreadySent, entry.Channel, $"sent {SyncNarrator.When(entry.UpdatedAt)} (ts {entry.Ts})"));
                }
                else if (IsDue(entry, now))
                {
                    AddWork(plan, new WorkItem(order, entry, route) { InWindow = inWindow }, OrderSyncAction.Retry,
                        $"attempt {entry.Attempts + 1}; last error: {entry.LastError}");
                }
                else if (entry.GaveUp)
                {
                    plan.GaveUp++;
                    plan.Items.Add(Item(order, OrderSyncAction.GaveUp, entry.Channel, $"given up after {entry.Attempts} attempts: {entry.LastError} (-Since retries it)"));
                }
                else
                {
                    plan.Waiting++;
                    plan.Items.Add(Item(order, OrderSyncAction.WaitingToRetry, entry.Channel,
                        $"failed {entry.Attempts}×, next try {SyncNarrator.When(entry.NextAttemptAt!.Value)}: {entry.LastError}"));
                }
            }

            // Pending entries whose orders could not be read: the lookup alone may settle them.
            foreach (var entry in ledger.Entries.Where(e => e.Status == LedgerStatus.Pending && !seen.Contains(e.OrderId)).OrderBy(e => e.CreatedAt))
            {
                var work = new WorkItem(null, entry, entry.Channel) { NeedsLookup = true };
                plan.Work.Add(work);
                work.Action = OrderSyncAction.Reconcile;
                plan.Items.Add(new OrderSyncPlanItem
                {
                    OrderId = entry.OrderId, OrderName = entry.OrderName, CreatedAt = entry.CreatedAt, Total = entry.Total, Currency = entry.Currency,
                    Action = OrderSyncAction.Reconcile, Channel = entry.Channel, Reason = "pending from an earlier run; the order could not be read again",
                });
            }
            return plan;
        }

        private (OrderSyncAction Action, string Reason)? SkipReason(ShopifyOrder order) => SkipReason(order, _options);

        /// <summary>Why an order is not alerted (test, cancelled, below the threshold), or null when it qualifies; Test-OrderAlertCoverage asks too.</summary>
        internal static (OrderSyncAction Action, string Reason)? SkipReason(ShopifyOrder order, OrderSyncOptions options)
        {
            if (order.Test && !options.IncludeTest) { return (OrderSyncAction.Test, "a test order (-IncludeTest to alert)"); }
            if (order.CancelledAt != null && !options.IncludeCancelled) { return (OrderSyncAction.Cancelled, "cancelled (-IncludeCancelled to alert)"); }
            if (order.Total < options.MinimumTotal) { return (OrderSyncAction.BelowThreshold, $"below {options.MinimumTotal}"); }
            return null;
        }

        private static void AddWork(SyncPlan plan, WorkItem work, OrderSyncAction action, string reason)
        {
            work.Action = action;
            plan.Work.Add(work);
            plan.Items.Add(Item(work.Order!, action, work.Channel, reason));
        }

        private static OrderSyncPlanItem Item(ShopifyOrder order, OrderSyncAction action, string? channel, string reason) => new OrderSyncPlanItem
        {
            OrderId = order.Id, OrderName = order.Name, CreatedAt = order.CreatedAt, Total = order.Total, Currency = order.Currency,
            Action = action, Channel = channel, Reason = reason,
        };

        /// <summary>-WhatIf: flags the alerts that would go out as part of a digest.</summary>
        private void MarkDigests(SyncPlan plan)
        {
            if (!DigestsOn) return;
            foreach (var group in plan.Items.Where(i => i.Action == OrderSyncAction.Send || i.Action == OrderSyncAction.Retry || i.Action == OrderSyncAction.Reconcile).GroupBy(i => i.Channel))
            {
                var items = group.ToList();
                if (items.Count > _options.DigestThreshold)
                    foreach (var item in items) item.InDigest = true;
            }
        }

        private bool DigestsOn => !_options.NoDigest && _options.DigestThreshold > 0;
    }
}
