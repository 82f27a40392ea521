using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Tests.Sync;

public sealed class EngineRecoveryTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static ProviderException Slack(string code) => new("Slack", code, "Slack refused the message: " + code);

    private void AssertEachAlertedOnce(params string[] orderNames)
    {
        var counts = _h.Poster.AlertsPerOrder();
        foreach (var name in orderNames)
        {
            var id = "gid://shopify/Order/" + name.TrimStart('#');
            Assert.True(counts.TryGetValue(id, out var n) && n == 1, $"{name} was alerted {(counts.TryGetValue(id, out var m) ? m : 0)} times");
        }
        Assert.Equal(orderNames.Length, counts.Count);
    }

    [Fact]
    public async Task A_pending_entry_whose_message_landed_is_settled_without_posting_again()
    {
        _h.AddOrders(600m, 700m);
        // A run died after posting #1001 but before settling it.
        _h.Poster.FailAfter = (_, m) => m.OrderName == "#1001" ? new OperationCanceledException("killed") : null;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.RunAsync());
        Assert.Equal(LedgerStatus.Pending, _h.ReadLedger().Find("gid://shopify/Order/1001")!.Status);

        _h.Poster.FailAfter = null;
        var run = await _h.RunAsync();

        AssertEachAlertedOnce("#1001", "#1002");
        Assert.Equal(1, run.Result.Reconciled);
        Assert.Equal(1, run.Result.MessagesSent);
        Assert.All(_h.ReadLedger().Entries, e => Assert.Equal(LedgerStatus.Sent, e.Status));
    }

    [Fact]
    public async Task A_pending_entry_whose_post_never_landed_is_posted_once()
    {
        _h.AddOrders(600m);
        using (var ledger = await _h.OpenLedgerAsync())
        {
            var order = _h.Source.Orders[0];
            ledger.Put(new LedgerEntry
            {
                OrderId = order.Id, OrderName = order.Name, CreatedAt = order.CreatedAt, Total = order.Total, Currency = "USD",
                Channel = "C_DEFAULT", Status = LedgerStatus.Pending, IntentAt = _h.Clock.UtcNow, UpdatedAt = _h.Clock.UtcNow,
            });
        }
        var run = await _h.RunAsync();
        AssertEachAlertedOnce("#1001");
        Assert.Equal(1, _h.Poster.LookupCalls);
        Assert.Equal(0, run.Result.Reconciled);
    }

    [Fact]
    public async Task A_pending_entry_is_never_posted_blind_when_the_lookup_fails()
    {
        _h.AddOrders(600m);
        _h.Poster.FailAfter = (_, _) => new OperationCanceledException("killed");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.RunAsync());
        _h.Poster.FailAfter = null;
        _h.Poster.FailLookups = new AlloyServerException("conversations.history is down");

        var run = await _h.RunAsync();
        Assert.Equal(1, _h.Poster.PostCalls);
        Assert.False(run.Result.Succeeded);
        Assert.Equal(LedgerStatus.Pending, _h.ReadLedger().Entries.Single().Status);

        _h.Poster.FailLookups = null;
        await _h.RunAsync();
        AssertEachAlertedOnce("#1001");
    }

    [Fact]
    public async Task An_ambiguous_failure_after_the_message_was_stored_is_settled_by_looking()
    {
        _h.AddOrders(600m, 700m);
        _h.Poster.FailAfter = (_, m) => m.OrderName == "#1001" ? new AlloyAmbiguousResultException("HTTP 502 after posting") : null;
        var run = await _h.RunAsync();

        AssertEachAlertedOnce("#1001", "#1002");
        Assert.Equal(2, run.Result.MessagesSent);
        Assert.True(run.Result.Succeeded);
        Assert.All(_h.ReadLedger().Entries, e => Assert.Equal(LedgerStatus.Sent, e.Status));
    }

    [Fact]
    public async Task An_ambiguous_failure_that_did_not_post_stays_pending_and_the_next_run_posts_it_once()
    {
        _h.AddOrders(600m, 700m);
        _h.Poster.FailBefore = (_, m) => m.OrderName == "#1001" ? new AlloyAmbiguousResultException("HTTP 500") : null;
        var first = await _h.RunAsync();
        Assert.False(first.Result.Succeeded);
        Assert.Equal(1, first.Result.Pending);

        _h.Poster.FailBefore = null;
        await _h.RunAsync();
        AssertEachAlertedOnce("#1001", "#1002");
    }

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
    public async Task Stopping_mid_post_leaves_the_alert_pending_and_the_next_run_settles_it()
    {
        _h.AddOrders(600m, 700m, 800m);
        using var stop = new CancellationTokenSource();
        _h.Poster.DuringPost = () => { if (_h.Poster.Messages.Count == 2) stop.Cancel(); };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.RunAsync(null, stop.Token));
        var entries = _h.ReadLedger().Entries.ToDictionary(e => e.OrderName);
        Assert.Equal(LedgerStatus.Sent, entries["#1001"].Status);
        Assert.Equal(LedgerStatus.Pending, entries["#1002"].Status);
        Assert.False(entries.ContainsKey("#1003"));
        Assert.Null(_h.ReadLedger().Checkpoint);

        _h.Poster.DuringPost = null;
        var next = await _h.RunAsync();
        Assert.Equal(1, next.Result.Reconciled);
        AssertEachAlertedOnce("#1001", "#1002", "#1003");
    }

    [Fact]
    public async Task A_pending_digest_is_reconciled_as_a_whole()
    {
        await _h.KnownStateAsync();
        _h.AddOrders(Enumerable.Repeat(600m, 11).ToArray());
        _h.Poster.FailAfter = (_, _) => new AlloyAmbiguousResultException("timeout");
        _h.Poster.FailLookups = new AlloyServerException("history down");
        var first = await _h.RunAsync();
        Assert.Equal(11, first.Result.Pending);

        _h.Poster.FailAfter = null;
        _h.Poster.FailLookups = null;
        var second = await _h.RunAsync();
        Assert.Equal(11, second.Result.Reconciled);
        Assert.Single(_h.Poster.Messages);
        Assert.Equal(1, _h.Poster.LookupCalls - 1); // one lookup for the whole digest (plus the failed one)
    }

    [Fact]
    public async Task Orders_older_than_the_state_remembers_are_looked_for_before_a_backfill_posts_them()
    {
        _h.Source.Add(1, 900m, SyncHarness.Start.AddDays(-10));
        var options = _h.Options();
        var backfill = new OrderSyncOptions { Routes = options.Routes, Since = SyncHarness.Start.AddDays(-11), RetentionMargin = TimeSpan.Zero };
        await _h.RunAsync(backfill);
        _h.Source.Add(2, 100m, SyncHarness.Start); // moves the checkpoint; the old entry is pruned
        await _h.RunAsync(new OrderSyncOptions { Routes = options.Routes, RetentionMargin = TimeSpan.Zero });
        var ledger = _h.ReadLedger();
        Assert.Null(ledger.Find("gid://shopify/Order/1"));
        Assert.Equal(SyncHarness.Start.AddDays(-10), ledger.ForgottenThrough);

        var lookups = _h.Poster.LookupCalls;
        var again = await _h.RunAsync(backfill);
        AssertEachAlertedOnce("#1");
        Assert.Equal(lookups + 1, _h.Poster.LookupCalls);
        Assert.Equal(1, again.Result.DuplicatesSkipped);
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
        Assert.Equal(new[] { "gid://shopify/Order/1001", "gid://shopify/Order/1002" }, _h.Tagger.Calls.Select(c => c.OrderId).OrderBy(i => i));
        Assert.All(_h.ReadLedger().Entries, e => Assert.True(e.Tagged));
    }
}
