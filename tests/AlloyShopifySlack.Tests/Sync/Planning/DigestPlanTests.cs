using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Planning;
using static AlloyShopifySlack.Tests.Sync.Planning.PlanFixtures;

namespace AlloyShopifySlack.Tests.Sync.Planning;

public sealed class DigestPlanTests
{
    [Fact]
    public void A_burst_over_the_threshold_for_one_channel_becomes_digests_of_at_most_the_composer_size()
    {
        var options = Options(digestThreshold: 3, routes: new[] { new OrderRoute(5000m, "C_BIG") });
        var plan = Plan(options, Ledger(), Enumerable.Range(1, 5).Select(n => Order(n, 900m, minutesAgo: 10 - n)).Append(
            Order(9, 6000m)).ToArray());
        var ids = 0;
        var burst = SyncPlanner.Units(plan.Work.Where(w => w.Channel == "C_DEFAULT").ToList(), options, maxPerDigest: 2, () => "d" + ++ids);
        Assert.Equal(new[] { 2, 2, 1 }, burst.Select(u => u.Items.Count));
        Assert.Equal(new[] { "d1", "d2", "d3" }, burst.Select(u => u.DigestId));
        var single = Assert.Single(SyncPlanner.Units(plan.Work.Where(w => w.Channel == "C_BIG").ToList(), options, 2, () => "never"));
        Assert.Null(single.DigestId);
    }

    [Fact]
    public void At_the_threshold_or_with_digests_off_each_alert_is_its_own_message()
    {
        var plan = Plan(Options(digestThreshold: 3), Ledger(), Order(1, 900m), Order(2, 900m), Order(3, 900m));
        Assert.All(SyncPlanner.Units(plan.Work, Options(digestThreshold: 3), 50, () => "x"), u => Assert.Null(u.DigestId));
        var off = new OrderSyncOptions { Routes = new RouteTable(null, "C_DEFAULT"), DigestThreshold = 1, NoDigest = true };
        Assert.All(SyncPlanner.Units(plan.Work, off, 50, () => "x"), u => Assert.Null(u.DigestId));
    }

    [Fact]
    public void WhatIf_marks_the_plan_items_that_would_go_out_in_a_digest()
    {
        var options = Options(digestThreshold: 2, whatIf: true, routes: new[] { new OrderRoute(5000m, "C_BIG") });
        var plan = Plan(options, Ledger(), Order(1, 900m), Order(2, 900m), Order(3, 900m), Order(4, 6000m), Order(5, 100m));
        Assert.True(Item(plan, 1).InDigest && Item(plan, 2).InDigest && Item(plan, 3).InDigest);
        Assert.False(Item(plan, 4).InDigest); // alone in its channel
        Assert.False(Item(plan, 5).InDigest); // below the threshold
    }
}
