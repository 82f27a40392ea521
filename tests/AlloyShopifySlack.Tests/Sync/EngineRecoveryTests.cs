using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>Exactly once across crashes: pending intents, ambiguous posts, stops and lost state are settled by looking first.</summary>
public sealed class EngineRecoveryTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    private void AssertEachAlertedOnce(params string[] orderNames) => _h.AssertEachAlertedOnce(orderNames);

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
        var backfill = new OrderSyncOptions { Routes = options.Routes, Since = SyncHarness.Start.AddDays(-11),
            RetentionMargin = TimeSpan.Zero };
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
}
