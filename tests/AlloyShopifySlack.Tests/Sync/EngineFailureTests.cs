using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>Refusals: a failing channel or order backs off and is retried or given up, and never blocks the rest.</summary>
public sealed class EngineFailureTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static ProviderException Slack(string code) => SyncHarness.SlackRefusal(code);

    private void AssertEachAlertedOnce(params string[] orderNames) => _h.AssertEachAlertedOnce(orderNames);

    [Fact]
    public async Task A_failing_channel_is_reported_backs_off_and_never_blocks_the_other_channels()
    {
        _h.AddOrders(600m, 12000m, 650m, 13000m);
        _h.Poster.FailBefore = (channel, _) => channel == "C_VIP" ? Slack("channel_not_found") : null;
        var options = _h.Options(500m, "C_ALL", new OrderRoute(10000m, "C_VIP"));

        var first = await _h.RunAsync(options);
        Assert.Equal(2, first.Result.MessagesSent);
        Assert.Equal(2, first.Result.Failed);
        Assert.Equal(3, _h.Poster.PostCalls); // the second VIP alert fails with the first, without a call
        var failed = _h.ReadLedger().Find("gid://shopify/Order/1002")!;
        Assert.Equal(LedgerStatus.Failed, failed.Status);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("channel_not_found", failed.LastError);
        Assert.Equal(_h.Source.Orders.Max(o => o.CreatedAt), first.Result.Checkpoint); // failures do not hold it

        var waiting = await _h.RunAsync(options); // within the backoff: reported, not retried
        Assert.Equal(3, _h.Poster.PostCalls);
        Assert.Equal(2, waiting.Result.StillFailing);
        Assert.Equal(OrderSyncAction.WaitingToRetry, waiting.Plan.Single(p => p.OrderName == "#1002").Action);

        _h.Clock.Advance(TimeSpan.FromMinutes(2));
        _h.Poster.FailBefore = null; // someone created the channel
        var retried = await _h.RunAsync(options);
        Assert.Equal(2, retried.Result.MessagesSent);
        AssertEachAlertedOnce("#1001", "#1002", "#1003", "#1004");
        Assert.Equal(0, retried.Result.StillFailing);
    }

    [Fact]
    public async Task Retries_back_off_exponentially_and_give_up_after_the_horizon_yet_stay_reported()
    {
        _h.AddOrders(600m);
        _h.Poster.FailBefore = (_, _) => Slack("invalid_blocks");
        var options = _h.Options();
        var horizon = new OrderSyncOptions { Routes = options.Routes, RetryHorizon = TimeSpan.FromHours(1) };

        await _h.RunAsync(horizon);
        var first = _h.ReadLedger().Entries.Single();
        Assert.Equal(_h.Clock.UtcNow + TimeSpan.FromMinutes(1), first.NextAttemptAt);

        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await _h.RunAsync(horizon);
        var second = _h.ReadLedger().Entries.Single();
        Assert.Equal(2, second.Attempts);
        Assert.Equal(_h.Clock.UtcNow + TimeSpan.FromMinutes(2), second.NextAttemptAt);

        _h.Clock.Advance(TimeSpan.FromHours(1));
        var last = await _h.RunAsync(horizon);
        var gaveUp = _h.ReadLedger().Entries.Single();
        Assert.True(gaveUp.GaveUp);
        Assert.Equal(1, last.Result.StillFailing);

        var after = await _h.RunAsync(horizon);
        Assert.Equal(3, _h.Poster.PostCalls);
        Assert.Equal(1, after.Result.StillFailing);
    }

    [Fact]
    public async Task A_failed_order_that_left_the_window_is_read_back_by_id_when_its_retry_is_due()
    {
        _h.AddOrders(600m);
        _h.Poster.FailBefore = (_, _) => Slack("invalid_blocks");
        await _h.RunAsync();
        _h.Clock.Advance(TimeSpan.FromHours(3));
        var late = _h.Source.Add(5000, 50m, _h.Clock.UtcNow.AddMinutes(-1));
        await _h.RunAsync(); // retried from the window, fails again; the checkpoint moves past it all the same
        Assert.Equal(late.CreatedAt, _h.ReadLedger().Checkpoint);
        Assert.Empty(_h.Source.ReadsById);

        _h.Poster.FailBefore = null;
        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        await _h.RunAsync();
        Assert.Equal(late.CreatedAt - TimeSpan.FromMinutes(15), _h.Source.Reads[^1]); // the window stays short
        Assert.Contains(_h.Source.ReadsById, ids => ids.Contains("gid://shopify/Order/1001"));
        AssertEachAlertedOnce("#1001");
    }

    [Fact]
    public async Task A_rate_limit_stops_the_channel_and_the_checkpoint_waits_for_what_was_left()
    {
        _h.AddOrders(600m, 700m, 800m);
        _h.Poster.FailBefore = (_, m) => m.OrderName == "#1002" ? new AlloyRateLimitException("HTTP 429", TimeSpan.FromSeconds(30)) : null;
        var first = await _h.RunAsync();
        Assert.Equal(1, first.Result.MessagesSent);
        Assert.Equal(1, first.Result.Failed);
        Assert.Equal(1, first.Result.Deferred);
        Assert.Equal(_h.Source.Orders.Single(o => o.Name == "#1003").CreatedAt, first.Result.Checkpoint);

        _h.Poster.FailBefore = null;
        await _h.RunAsync(); // transient trouble: retried on the next run without waiting
        AssertEachAlertedOnce("#1001", "#1002", "#1003");
    }

    [Fact]
    public async Task Bad_credentials_stop_every_channel()
    {
        _h.AddOrders(600m, 12000m, 700m, 13000m);
        _h.Poster.FailBefore = (_, _) => new AlloyAuthenticationException("HTTP 401");
        var run = await _h.RunAsync(_h.Options(500m, "C_ALL", new OrderRoute(10000m, "C_VIP")));
        Assert.InRange(_h.Poster.PostCalls, 1, 2); // the channels run side by side; neither goes on after the refusal
        Assert.False(run.Result.Succeeded);
    }

    [Fact]
    public async Task Tags_are_added_once_per_alerted_order()
    {
        _h.AddOrders(600m, 700m);
        var options = _h.Options();
        var tagging = new OrderSyncOptions { Routes = options.Routes, TagOrders = new[] { "alerted" } };
        _h.Tagger.Fail = new AlloyServerException("Shopify is down");
        var first = await _h.RunAsync(tagging);
        Assert.Equal(2, first.Result.MessagesSent);
        Assert.False(first.Result.Succeeded);

        _h.Tagger.Fail = null;
        await _h.RunAsync(tagging);
        await _h.RunAsync(tagging);
        Assert.Equal(new[] { "gid://shopify/Order/1001", "gid://shopify/Order/1002" },
            _h.Tagger.Calls.Select(c => c.OrderId).OrderBy(i => i));
        Assert.All(_h.ReadLedger().Entries, e => Assert.True(e.Tagged));
    }
}
