using AlloyShopifySlack.Sync;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>-WhatIf -Preview: the messages a planned run would post, built by the same delivery units, posting nothing.</summary>
public sealed class PlannedMessageTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    private OrderSyncOptions WhatIf(int digestThreshold = 10, params OrderRoute[] routes)
    {
        var options = _h.Options(500m, "C_DEFAULT", routes);
        return new OrderSyncOptions { MinimumTotal = 500m, Routes = options.Routes, WhatIf = true, DigestThreshold = digestThreshold };
    }

    [Fact]
    public async Task A_planned_run_offers_each_alert_it_would_post_per_channel_and_posts_nothing()
    {
        await _h.KnownStateAsync();
        _h.AddOrders(100m, 600m, 15000m, 700m);

        var run = await _h.RunAsync(WhatIf(routes: new OrderRoute(10000m, "C_VIP")));
        var planned = run.ComposePlannedMessages();

        Assert.Equal(0, _h.Poster.PostCalls);
        Assert.Equal(new[] { "C_DEFAULT #1002", "C_DEFAULT #1004", "C_VIP #1003" },
            planned.Select(p => $"{p.Channel} {string.Join(",", p.OrderNames)}").OrderBy(s => s));
        Assert.All(planned, p => Assert.Equal(new[] { OrderSyncAction.Send }, p.Actions));
        Assert.All(planned, p => Assert.Equal("shopify_order_alert", p.Message!.Metadata!["event_type"]!.GetValue<string>()));
        Assert.DoesNotContain(planned, p => p.IsDigest || p.PostedOnlyIfMissing || p.Problem != null);
    }

    [Fact]
    public async Task On_an_empty_sync_state_every_planned_alert_is_posted_only_if_the_channel_does_not_have_it()
    {
        _h.AddOrders(600m, 700m);

        var planned = (await _h.RunAsync(WhatIf())).ComposePlannedMessages();

        Assert.Equal(2, planned.Count);
        Assert.All(planned, p => Assert.True(p.PostedOnlyIfMissing));
        Assert.Equal(0, _h.Poster.PostCalls);
    }

    [Fact]
    public async Task More_alerts_than_the_digest_threshold_are_planned_as_the_digest_delivery_would_post()
    {
        _h.AddOrders(Enumerable.Repeat(800m, 4).ToArray());

        var planned = (await _h.RunAsync(WhatIf(digestThreshold: 3))).ComposePlannedMessages();

        var digest = Assert.Single(planned);
        Assert.True(digest.IsDigest);
        Assert.Equal(new[] { "#1001", "#1002", "#1003", "#1004" }, digest.OrderNames);
        Assert.Equal("shopify_order_digest", digest.Message!.Metadata!["event_type"]!.GetValue<string>());
        Assert.Equal(0, _h.Poster.PostCalls);
    }

    [Fact]
    public async Task A_run_that_posted_has_no_plan_to_offer()
    {
        _h.AddOrders(800m);
        var run = await _h.RunAsync();
        Assert.Single(_h.Poster.Messages);
        Assert.Empty(run.ComposePlannedMessages());
    }
}
