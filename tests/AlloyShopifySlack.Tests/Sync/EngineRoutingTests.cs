using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Tests.Sync;

public sealed class EngineRoutingTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Alerts_orders_at_or_above_the_threshold_and_leaves_out_test_and_cancelled_ones()
    {
        _h.AddOrders(499.99m, 500m, 1250m);
        _h.Source.Add(2001, 9000m, SyncHarness.Start.AddMinutes(-5), test: true);
        _h.Source.Add(2002, 9000m, SyncHarness.Start.AddMinutes(-4), cancelled: true);

        var run = await _h.RunAsync();

        Assert.Equal(new[] { "#1002", "#1003" }, _h.Poster.Messages.Select(m => m.Message.OrderName));
        Assert.Equal(5, run.Result.OrdersFetched);
        Assert.Equal(2, run.Result.HighValueOrders);
        Assert.Equal(2, run.Result.MessagesSent);
        Assert.Equal(500m, run.Result.Threshold);
        Assert.Equal(new[] { "C_DEFAULT" }, run.Result.Channels);
        Assert.True(run.Result.Succeeded);
    }

    [Fact]
    public async Task Test_and_cancelled_orders_are_alerted_when_asked_for()
    {
        _h.Source.Add(2001, 900m, SyncHarness.Start.AddMinutes(-5), test: true);
        _h.Source.Add(2002, 900m, SyncHarness.Start.AddMinutes(-4), cancelled: true);
        var options = _h.Options();
        await _h.RunAsync(new OrderSyncOptions { Routes = options.Routes, IncludeTest = true, IncludeCancelled = true });
        Assert.Equal(2, _h.Poster.Messages.Count);
    }

    [Fact]
    public async Task The_highest_matching_route_wins_and_the_default_channel_takes_the_rest()
    {
        _h.AddOrders(600m, 1500m, 12000m, 10000m);
        await _h.RunAsync(_h.Options(500m, "C_ALL", new OrderRoute(1000m, "C_HIGH"), new OrderRoute(10000m, "C_VIP")));

        Assert.Equal(new[] { "#1001" }, _h.Poster.In("C_ALL").Select(m => m.Message.OrderName));
        Assert.Equal(new[] { "#1002" }, _h.Poster.In("C_HIGH").Select(m => m.Message.OrderName));
        Assert.Equal(new[] { "#1003", "#1004" }, _h.Poster.In("C_VIP").Select(m => m.Message.OrderName).OrderBy(n => n));
    }

    [Fact]
    public async Task Without_a_default_channel_routes_must_cover_the_threshold()
    {
        _h.AddOrders(600m);
        var error = await Assert.ThrowsAsync<AlloyShopifySlack.Alloy.AlloyConfigurationException>(
            () => _h.RunAsync(_h.Options(500m, null, new OrderRoute(1000m, "C_HIGH"))));
        Assert.Contains("match no route", error.Message);
        Assert.Empty(_h.Poster.Messages);
    }

    [Fact]
    public async Task A_second_run_finds_nothing_new_and_posts_nothing()
    {
        _h.AddOrders(600m, 700m);
        await _h.RunAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await _h.RunAsync();

        Assert.Equal(2, _h.Poster.Messages.Count);
        Assert.Equal(0, second.Result.MessagesSent);
        Assert.Equal(2, second.Result.DuplicatesSkipped);
        Assert.Equal(2, second.Result.HighValueOrders);
    }

    [Fact]
    public async Task More_alerts_than_the_digest_threshold_for_one_channel_become_one_digest()
    {
        _h.AddOrders(Enumerable.Repeat(600m, 12).ToArray());
        _h.Source.Add(3000, 20000m, SyncHarness.Start.AddMinutes(-1));
        var run = await _h.RunAsync(_h.Options(500m, "C_ALL", new OrderRoute(10000m, "C_VIP")));

        var all = _h.Poster.In("C_ALL");
        Assert.Single(all);
        Assert.Equal("shopify_order_digest", all[0].EventType);
        Assert.Equal(12, FakeComposer.OrderIds(all[0].Message).Count());
        Assert.Single(_h.Poster.In("C_VIP")); // one alert: below the threshold for a digest
        Assert.Equal(2, run.Result.MessagesSent);
        Assert.Equal(13, run.Result.AlertsSent);
        Assert.Equal(1, run.Result.Digests);
        Assert.All(_h.ReadLedger().Entries, e => Assert.Equal(LedgerStatus.Sent, e.Status));
    }

    [Fact]
    public async Task Digests_split_at_the_composer_limit_and_can_be_turned_off()
    {
        _h.Composer.MaxOrdersPerDigest = 5;
        _h.AddOrders(Enumerable.Repeat(600m, 12).ToArray());
        await _h.RunAsync();
        Assert.Equal(3, _h.Poster.Messages.Count);

        using var other = new SyncHarness();
        other.AddOrders(Enumerable.Repeat(600m, 12).ToArray());
        var options = other.Options();
        await other.RunAsync(new OrderSyncOptions { Routes = options.Routes, NoDigest = true });
        Assert.Equal(12, other.Poster.Messages.Count);
    }

    [Fact]
    public async Task The_engine_leaves_pacing_to_the_poster()
    {
        // Pacing is the Slack delivery path's (SlackClient and its pacer, tested there and in OneDeliveryPathTests):
        // the engine adds no wait of its own, so a channel goes as fast as the poster lets it.
        _h.AddOrders(600m, 600m, 600m);
        await _h.RunAsync();
        Assert.Equal(3, _h.Poster.Messages.Count);
        Assert.Equal(SyncHarness.Start, _h.Clock.UtcNow);
    }

    [Fact]
    public async Task What_if_lists_each_order_and_changes_nothing()
    {
        _h.AddOrders(100m, 600m, 700m);
        _h.Source.Add(2001, 900m, SyncHarness.Start.AddMinutes(-5), test: true);
        await _h.RunAsync();
        _h.AddOrders(800m);
        var journal = File.ReadAllBytes(_h.Paths.Journal);

        var options = _h.Options();
        var run = await _h.RunAsync(new OrderSyncOptions { Routes = options.Routes, WhatIf = true,
            Since = SyncHarness.Start.AddHours(-2) });

        Assert.Equal(2, _h.Poster.Messages.Count);
        Assert.Equal(journal, File.ReadAllBytes(_h.Paths.Journal));
        var actions = run.Plan.ToDictionary(p => p.OrderName, p => p.Action);
        Assert.Equal(OrderSyncAction.BelowThreshold, actions["#1001"]);
        Assert.Equal(OrderSyncAction.AlreadySent, actions["#1002"]);
        Assert.Equal(OrderSyncAction.Test, actions["#2001"]);
        Assert.Equal(OrderSyncAction.Send, actions["#1004"]);
        Assert.Equal("C_DEFAULT", run.Plan.Single(p => p.OrderName == "#1004").Channel);
    }

    [Fact]
    public async Task The_checkpoint_is_the_newest_order_and_the_next_fetch_starts_an_overlap_before_it()
    {
        _h.AddOrders(600m, 100m);
        var newest = _h.Source.Orders.Max(o => o.CreatedAt);
        var run = await _h.RunAsync();
        Assert.Equal(newest, run.Result.Checkpoint);

        await _h.RunAsync();
        Assert.Equal(SyncHarness.Start - TimeSpan.FromHours(24), _h.Source.Reads[0]);
        Assert.Equal(newest - TimeSpan.FromMinutes(15), _h.Source.Reads[1]);
    }

    [Fact]
    public async Task Since_backfills_older_orders_without_repeating_alerts()
    {
        _h.Source.Add(1, 900m, SyncHarness.Start.AddDays(-3));
        _h.AddOrders(600m);
        await _h.RunAsync();
        Assert.Single(_h.Poster.Messages);

        var options = _h.Options();
        await _h.RunAsync(new OrderSyncOptions { Routes = options.Routes, Since = SyncHarness.Start.AddDays(-4) });
        await _h.RunAsync(new OrderSyncOptions { Routes = options.Routes, Since = SyncHarness.Start.AddDays(-4) });
        Assert.Equal(new[] { "#1", "#1001" }, _h.Poster.Messages.Select(m => m.Message.OrderName).OrderBy(n => n));
    }
}
