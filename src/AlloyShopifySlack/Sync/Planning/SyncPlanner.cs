using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync.Planning;

/// <summary>
/// Decides, per order, what a run does: a pure function of the orders read, the ledger as it was, the options and
/// the time (no ports, no clock, no I/O). Its plan is also the -WhatIf answer.
/// </summary>
internal static class SyncPlanner
{
    /// <param name="fetched">The created window's orders.</param>
    /// <param name="refetched">Orders read back by id (due retries, pending) or that crossed the threshold upward.</param>
    public static SyncPlan Plan(IReadOnlyList<ShopifyOrder> fetched, IReadOnlyList<ShopifyOrder> refetched, LedgerView ledger,
        OrderSyncOptions options, DateTimeOffset now)
    {
        var plan = new SyncPlan();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (order, inWindow) in fetched.Select(o => (o, true)).Concat(refetched.Select(o => (o, false))))
        {
            if (!seen.Add(order.Id)) continue;
            var entry = ledger.Find(order.Id);
            var skip = SkipReason(order, options);
            if (inWindow && skip == null) plan.Qualifying++;
            if (entry?.Status == LedgerStatus.Pending)
            {
                // Intent recorded by a run that did not settle it: finish that, whatever the order looks like now.
                var channel = skip == null ? options.Routes.ChannelFor(order.Total) ?? entry.Channel : entry.Channel;
                AddWork(plan, new WorkItem(order, entry, channel) { InWindow = inWindow, NeedsLookup = true }, OrderSyncAction.Reconcile,
                    $"an earlier run recorded the intent (to {entry.Channel}) but not the outcome: looked for in the channel first");
                continue;
            }
            if (skip != null)
            {
                plan.Items.Add(Item(order, skip.Value.Action, null, skip.Value.Reason));
                continue;
            }
            var route = options.Routes.ChannelFor(order.Total)!;
            if (entry == null)
            {
                // An empty state may be a lost one (a deleted folder, a new runner): what it forgot may be in Slack already.
                var forgotten = ledger.ForgottenThrough != null && order.CreatedAt <= ledger.ForgottenThrough;
                AddWork(plan, new WorkItem(order, null, route) { InWindow = inWindow, NeedsLookup = forgotten || ledger.IsEmpty },
                    OrderSyncAction.Send,
                    forgotten ? "older than the sync state remembers: looked for in the channel first"
                    : ledger.IsEmpty ? "new to an empty sync state (new, or lost): looked for in the channel first" : "new");
            }
            else if (entry.Status == LedgerStatus.Sent)
            {
                plan.AlreadySent.Add(new WorkItem(order, entry, entry.Channel) { InWindow = inWindow });
                plan.Items.Add(Item(order, OrderSyncAction.AlreadySent, entry.Channel, $"sent {SyncNarrator.When(entry.UpdatedAt)} " +
                    $"(ts {entry.Ts})"));
            }
            else if (IsDue(entry, options, now))
            {
                AddWork(plan, new WorkItem(order, entry, route) { InWindow = inWindow }, OrderSyncAction.Retry,
                    $"attempt {entry.Attempts + 1}; last error: {entry.LastError}");
            }
            else if (entry.GaveUp)
            {
                plan.GaveUp++;
                plan.Items.Add(Item(order, OrderSyncAction.GaveUp, entry.Channel, $"given up after {entry.Attempts} " +
                    $"attempts: {entry.LastError} (-Since retries it)"));
            }
            else
            {
                plan.Waiting++;
                plan.Items.Add(Item(order, OrderSyncAction.WaitingToRetry, entry.Channel,
                    $"failed {entry.Attempts}×, next try {SyncNarrator.When(entry.NextAttemptAt!.Value)}: {entry.LastError}"));
            }
        }

        // Pending entries whose orders could not be read: the lookup alone may settle them.
        foreach (var entry in ledger.Entries.Where(e => e.Status == LedgerStatus.Pending && !seen.Contains(e.OrderId)).OrderBy(
            e => e.CreatedAt))
        {
            plan.Work.Add(new WorkItem(null, entry, entry.Channel) { NeedsLookup = true, Action = OrderSyncAction.Reconcile });
            plan.Items.Add(new OrderSyncPlanItem
            {
                OrderId = entry.OrderId, OrderName = entry.OrderName, CreatedAt = entry.CreatedAt, Total = entry.Total,
                    Currency = entry.Currency,
                Action = OrderSyncAction.Reconcile, Channel = entry.Channel, Reason =
                    "pending from an earlier run; the order could not be read again",
            });
        }
        if (options.WhatIf) MarkDigests(plan, options);
        return plan;
    }

    /// <summary>Why an order is not alerted (test, cancelled, below the threshold), or null when it qualifies; Test-OrderAlertCoverage asks
    /// too.</summary>
    public static (OrderSyncAction Action, string Reason)? SkipReason(ShopifyOrder order, OrderSyncOptions options)
    {
        if (order.Test && !options.IncludeTest) { return (OrderSyncAction.Test, "a test order (-IncludeTest to alert)"); }
        if (order.CancelledAt != null && !options.IncludeCancelled) { return (OrderSyncAction.Cancelled,
            "cancelled (-IncludeCancelled to alert)"); }
        if (order.Total < options.MinimumTotal) { return (OrderSyncAction.BelowThreshold, $"below {options.MinimumTotal}"); }
        return null;
    }

    /// <summary>A failed entry is tried again when its time has come; one given up only on a backfill (-Since).</summary>
    public static bool IsDue(LedgerEntry entry, OrderSyncOptions options, DateTimeOffset now) =>
        entry.GaveUp ? options.Since != null : entry.NextAttemptAt <= now;

    /// <summary>Single alerts, or digests of them (at most <paramref name="maxPerDigest"/> orders each) when more than the threshold wait
    /// for one channel.</summary>
    public static IReadOnlyList<DeliveryUnit> Units(IReadOnlyList<WorkItem> channelItems, OrderSyncOptions options, int maxPerDigest,
        Func<string> newDigestId)
    {
        if (!DigestsOn(options) || channelItems.Count <= options.DigestThreshold)
            return channelItems.Select(i => new DeliveryUnit(new[] { i }, null)).ToList();
        var size = Math.Max(1, maxPerDigest);
        var units = new List<DeliveryUnit>();
        for (var start = 0; start < channelItems.Count; start += size)
            units.Add(new DeliveryUnit(channelItems.Skip(start).Take(size).ToList(), newDigestId()));
        return units;
    }

    /// <summary>-WhatIf: flags the alerts that would go out as part of a digest.</summary>
    private static void MarkDigests(SyncPlan plan, OrderSyncOptions options)
    {
        if (!DigestsOn(options)) return;
        foreach (var group in plan.Items.Where(i => i.Action == OrderSyncAction.Send || i.Action == OrderSyncAction.Retry
            || i.Action == OrderSyncAction.Reconcile)
            .GroupBy(i => i.Channel))
        {
            var items = group.ToList();
            if (items.Count > options.DigestThreshold)
                foreach (var item in items) item.InDigest = true;
        }
    }

    private static bool DigestsOn(OrderSyncOptions options) => !options.NoDigest && options.DigestThreshold > 0;

    private static void AddWork(SyncPlan plan, WorkItem work, OrderSyncAction action, string reason)
    {
        work.Action = action;
        plan.Work.Add(work);
        plan.Items.Add(Item(work.Order!, action, work.Channel, reason));
    }

    private static OrderSyncPlanItem Item(ShopifyOrder order, OrderSyncAction action, string? channel, string reason) =>
        new OrderSyncPlanItem
    {
        OrderId = order.Id, OrderName = order.Name, CreatedAt = order.CreatedAt, Total = order.Total, Currency = order.Currency,
        Action = action, Channel = channel, Reason = reason,
    };
}
