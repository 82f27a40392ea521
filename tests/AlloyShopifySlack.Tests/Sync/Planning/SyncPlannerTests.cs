using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Sync.Planning;
using static AlloyShopifySlack.Tests.Sync.Planning.PlanFixtures;

namespace AlloyShopifySlack.Tests.Sync.Planning;

public sealed class SyncPlannerTests
{
    [Fact]
    public void A_new_qualifying_order_is_sent_to_its_route_without_a_lookup()
    {
        var plan = Plan(Options(), Ledger(), Order(1, 900m));
        var work = Assert.Single(plan.Work);
        Assert.Equal(OrderSyncAction.Send, work.Action);
        Assert.Equal("C_DEFAULT", work.Channel);
        Assert.False(work.NeedsLookup);
        Assert.True(work.InWindow);
        Assert.Equal("new", Item(plan, 1).Reason);
        Assert.Equal(1, plan.Qualifying);
    }

    [Fact]
    public void An_empty_state_looks_in_the_channel_before_sending_anything()
    {
        var plan = Plan(Options(), new LedgerView(Array.Empty<LedgerEntry>()), Order(1, 900m));
        Assert.True(Assert.Single(plan.Work).NeedsLookup);
        Assert.Contains("empty sync state", Item(plan, 1).Reason);
    }

    [Fact]
    public void An_order_older_than_the_pruned_horizon_is_unknown_and_looked_for()
    {
        var order = Order(1, 900m, minutesAgo: 120);
        var ledger = new LedgerView(Array.Empty<LedgerEntry>()) { Checkpoint = Now.AddMinutes(-30),
            ForgottenThrough = Now.AddMinutes(-60) };
        var plan = Plan(Options(), ledger, order);
        Assert.True(Assert.Single(plan.Work).NeedsLookup);
        Assert.Contains("older than the sync state remembers", Item(plan, 1).Reason);
    }

    [Fact]
    public void An_order_already_sent_is_not_work_but_is_kept_for_its_follow_ups()
    {
        var order = Order(1, 900m);
        var plan = Plan(Options(), Ledger(Entry(order, LedgerStatus.Sent, "C_OLD")), order);
        Assert.Empty(plan.Work);
        Assert.Equal(OrderSyncAction.AlreadySent, Item(plan, 1).Action);
        Assert.Equal("C_OLD", Item(plan, 1).Channel);
        Assert.Equal(order.Id, Assert.Single(plan.AlreadySent).OrderId);
    }

    [Fact]
    public void A_pending_intent_is_reconciled_first_even_when_the_order_no_longer_qualifies()
    {
        var order = Order(1, 100m); // edited below the threshold since its intent
        var plan = Plan(Options(), Ledger(Entry(order, LedgerStatus.Pending, "C_OLD")), order);
        var work = Assert.Single(plan.Work);
        Assert.Equal(OrderSyncAction.Reconcile, work.Action);
        Assert.True(work.NeedsLookup);
        Assert.Equal("C_OLD", work.Channel);
    }

    [Fact]
    public void A_pending_intent_whose_order_was_not_read_is_still_reconciled()
    {
        var order = Order(1, 900m);
        var plan = Plan(Options(), Ledger(Entry(order, LedgerStatus.Pending)));
        var work = Assert.Single(plan.Work);
        Assert.Null(work.Order);
        Assert.Equal(OrderSyncAction.Reconcile, work.Action);
        Assert.Equal("#1", work.OrderName);
        Assert.Contains("could not be read again", Item(plan, 1).Reason);
    }

    [Fact]
    public void A_failure_waits_out_its_backoff_and_is_retried_once_due()
    {
        var waiting = Order(1, 900m);
        var due = Order(2, 900m);
        var ledger = Ledger(
            Entry(waiting, LedgerStatus.Failed) with { Attempts = 2, LastError = "boom", NextAttemptAt = Now.AddMinutes(5) },
            Entry(due, LedgerStatus.Failed) with { Attempts = 2, LastError = "boom", NextAttemptAt = Now.AddMinutes(-1) });
        var plan = Plan(Options(), ledger, waiting, due);
        Assert.Equal(OrderSyncAction.WaitingToRetry, Item(plan, 1).Action);
        Assert.Equal(1, plan.Waiting);
        var retry = Assert.Single(plan.Work);
        Assert.Equal(OrderSyncAction.Retry, retry.Action);
        Assert.Equal("attempt 3; last error: boom", Item(plan, 2).Reason);
    }

    [Fact]
    public void A_failure_past_its_horizon_is_given_up_unless_a_backfill_asks_again()
    {
        var order = Order(1, 900m);
        var ledger = Ledger(Entry(order, LedgerStatus.Failed) with { Attempts = 9, LastError = "boom", NextAttemptAt = null });
        var plan = Plan(Options(), ledger, order);
        Assert.Equal(OrderSyncAction.GaveUp, Item(plan, 1).Action);
        Assert.Equal(1, plan.GaveUp);
        Assert.Empty(plan.Work);

        var backfill = Plan(Options(since: Now.AddDays(-1)), ledger, order);
        Assert.Equal(OrderSyncAction.Retry, Assert.Single(backfill.Work).Action);
    }

    [Fact]
    public void Orders_below_the_threshold_test_and_cancelled_ones_are_left_out_and_not_counted()
    {
        var plan = Plan(Options(), Ledger(), Order(1, 499.99m), Order(2, 900m, test: true), Order(3, 900m, cancelled: true),
            Order(4, 500m));
        Assert.Equal(OrderSyncAction.BelowThreshold, Item(plan, 1).Action);
        Assert.Equal(OrderSyncAction.Test, Item(plan, 2).Action);
        Assert.Equal(OrderSyncAction.Cancelled, Item(plan, 3).Action);
        Assert.Equal("#4", Assert.Single(plan.Work).OrderName);
        Assert.Equal(1, plan.Qualifying);
    }

    [Fact]
    public void Each_order_goes_to_the_highest_route_it_reaches_else_the_default_channel()
    {
        var options = Options(routes: new[] { new OrderRoute(5000m, "C_BIG"), new OrderRoute(1000m, "C_MID") });
        var plan = Plan(options, Ledger(), Order(1, 600m), Order(2, 1000m), Order(3, 7500m));
        Assert.Equal(new[] { "C_DEFAULT", "C_MID", "C_BIG" }, plan.Work.Select(w => w.Channel));
    }

    [Fact]
    public void An_order_read_twice_is_planned_once_and_a_read_back_one_holds_no_checkpoint()
    {
        var order = Order(1, 900m);
        var plan = SyncPlanner.Plan(new[] { order }, new[] { order, Order(2, 900m, minutesAgo: 600) }, Ledger(), Options(), Now);
        Assert.Equal(2, plan.Work.Count);
        Assert.False(plan.Work.Single(w => w.OrderName == "#2").InWindow);
        Assert.Equal(1, plan.Qualifying); // the window's qualifying orders only
    }
}
