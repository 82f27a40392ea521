using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Sync.Planning;
using static AlloyShopifySlack.Tests.Sync.Planning.PlanFixtures;

namespace AlloyShopifySlack.Tests.Sync.Planning;

public sealed class FetchWindowTests
{
    [Fact]
    public void The_window_starts_at_the_backfill_else_the_checkpoint_less_the_overlap_else_the_lookback()
    {
        Assert.Equal(Now.AddDays(-3), FetchWindow.Start(Ledger(), Options(since: Now.AddDays(-3)), Now, out var why));
        Assert.Equal("backfill from -Since", why);
        Assert.Equal(Now.AddMinutes(-45), FetchWindow.Start(Ledger(), Options(), Now, out why));
        Assert.Equal("checkpoint minus 15 min overlap", why);
        Assert.Equal(Now.AddHours(-24), FetchWindow.Start(new LedgerView(Array.Empty<LedgerEntry>()), Options(), Now, out why));
        Assert.Equal("first run: the last 24 h", why);
    }

    [Fact]
    public void Pending_and_due_failed_orders_outside_the_window_are_read_back_by_id()
    {
        var inWindow = Order(1, 900m);
        var pending = Order(2, 900m, minutesAgo: 500);
        var due = Order(3, 900m, minutesAgo: 400);
        var waiting = Order(4, 900m, minutesAgo: 300);
        var sent = Order(5, 900m, minutesAgo: 200);
        var ledger = Ledger(Entry(inWindow, LedgerStatus.Pending), Entry(pending, LedgerStatus.Pending),
            Entry(due, LedgerStatus.Failed) with { NextAttemptAt = Now.AddMinutes(-1) },
            Entry(waiting, LedgerStatus.Failed) with { NextAttemptAt = Now.AddMinutes(1) }, Entry(sent, LedgerStatus.Sent));
        Assert.Equal(new[] { pending.Id, due.Id }, FetchWindow.ReadBack(ledger, new[] { inWindow }, Options(), Now));
    }

    [Fact]
    public void The_checkpoint_moves_to_the_newest_order_but_never_past_one_left_undone()
    {
        var older = Order(1, 900m, minutesAgo: 20);
        var newer = Order(2, 900m, minutesAgo: 5);
        var plan = Plan(Options(), Ledger(), older, newer);
        plan.Work.Single(w => w.OrderName == "#2").Handled = true;
        var move = FetchWindow.NextCheckpoint(Now.AddMinutes(-30), plan, new[] { older, newer }, Options(), Now);
        Assert.Equal(older.CreatedAt, move.Checkpoint);
        Assert.Equal(1, move.Deferred);

        plan.Work.Single(w => w.OrderName == "#1").Handled = true;
        move = FetchWindow.NextCheckpoint(Now.AddMinutes(-30), plan, new[] { older, newer }, Options(), Now);
        Assert.Equal(newer.CreatedAt, move.Checkpoint);
        Assert.Equal(0, move.Deferred);
        Assert.Equal(Now.AddDays(-7), move.PruneBefore); // followed alerts are kept for the follow window
    }

    [Fact]
    public void The_checkpoint_never_moves_back_and_an_empty_first_read_sets_none()
    {
        var plan = Plan(Options(), Ledger());
        Assert.Equal(Now.AddMinutes(-30), FetchWindow.NextCheckpoint(Now.AddMinutes(-30), plan,
            Array.Empty<AlloyShopifySlack.Shopify.ShopifyOrder>(), Options(), Now).Checkpoint);
        Assert.Null(FetchWindow.NextCheckpoint(null, plan, Array.Empty<AlloyShopifySlack.Shopify.ShopifyOrder>(), Options(),
            Now).Checkpoint);
    }

    [Fact]
    public void An_order_edited_above_the_threshold_since_the_window_was_first_read_is_alerted()
    {
        var crossed = Order(1, 900m, minutesAgo: 600);
        var beforeCoverage = Order(2, 900m, minutesAgo: 6000);
        var known = Order(3, 900m, minutesAgo: 600);
        var stillBelow = Order(4, 100m, minutesAgo: 600);
        var ledger = Ledger(Entry(known, LedgerStatus.Sent));
        var result = FetchWindow.CrossedUpward(new[] { crossed, beforeCoverage, known, stillBelow }, Now.AddDays(-2),
            Array.Empty<AlloyShopifySlack.Shopify.ShopifyOrder>(),
            ledger, Options(), Now);
        Assert.Equal(crossed.Id, Assert.Single(result).Id);
    }
}
