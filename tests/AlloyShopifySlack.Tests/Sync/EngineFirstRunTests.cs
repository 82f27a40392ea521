using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>A first run remembers Slack: an empty sync state (new, deleted, lost) looks in the channels before posting.</summary>
public sealed class EngineFirstRunTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    /// <summary>What a lost state had posted: the alert, in the channel, with its key (metadata and first block id).</summary>
    private void AlreadyInSlack(string channel, int orderIndex)
    {
        var order = _h.Source.Orders[orderIndex];
        var message = AlertKey.ForOrder(order.Id).Stamp(_h.Composer.ComposeAlert(order));
        _h.Poster.Messages.Add(new FakeAlertPoster.Posted(channel, "1690000000.00000" + orderIndex, message));
    }

    [Fact]
    public async Task An_empty_state_looks_once_per_channel_and_posts_only_what_is_not_there()
    {
        _h.AddOrders(600m, 700m, 12000m, 800m, 15000m);
        AlreadyInSlack("C_DEFAULT", 0);
        AlreadyInSlack("C_VIP", 2);
        var options = _h.Options(500m, "C_DEFAULT", new OrderRoute(10000m, "C_VIP"));

        var run = await _h.RunAsync(options);

        Assert.Equal(3, run.Result.MessagesSent);
        Assert.Equal(2, run.Result.Reconciled);
        Assert.Equal(2, run.Result.HistoryLookups);
        Assert.Equal(new[] { "C_DEFAULT", "C_VIP" }, _h.Poster.Lookups.Select(l => l.Channel).OrderBy(c => c));
        Assert.All(_h.Poster.AlertsPerOrder().Values, n => Assert.Equal(1, n));
        Assert.Equal(5, _h.Poster.AlertsPerOrder().Count);
        Assert.All(_h.ReadLedger().Entries, e => Assert.Equal(LedgerStatus.Sent, e.Status));
        Assert.True(run.Result.Succeeded);
    }

    [Fact]
    public async Task The_look_covers_the_lookback_from_the_oldest_order_less_the_skew()
    {
        _h.AddOrders(600m, 700m);
        await _h.RunAsync();
        var window = _h.Poster.Lookups.Single().Window;
        Assert.Equal(SlackClient.SlackTs(_h.Source.Orders[0].CreatedAt - new OrderSyncOptions().ReconcileSkew), window.OldestTs);
        Assert.Null(window.LatestTs);
    }

    [Fact]
    public async Task A_state_that_has_run_before_does_not_look_for_new_orders()
    {
        await _h.KnownStateAsync();
        _h.AddOrders(600m, 700m);
        var run = await _h.RunAsync();
        Assert.Equal(0, _h.Poster.LookupCalls);
        Assert.Equal(0, run.Result.HistoryLookups);
        Assert.Equal(2, run.Result.MessagesSent);
    }

    [Fact]
    public async Task When_the_look_fails_nothing_is_posted_blind_and_the_next_run_looks_again()
    {
        _h.AddOrders(600m, 700m, 800m);
        AlreadyInSlack("C_DEFAULT", 1);
        _h.Poster.FailLookups = new AlloyServerException("conversations.history is down");

        var first = await _h.RunAsync();

        Assert.Equal(0, _h.Poster.PostCalls);
        Assert.Equal(3, first.Result.NotChecked);
        Assert.Equal(3, first.Result.Pending);
        Assert.False(first.Result.Succeeded);
        var error = Assert.Single(first.Result.Errors); // one note for the channel, not one per order
        Assert.Contains("3 alert(s) for C_DEFAULT left pending", error);
        Assert.Contains("conversations.history is down", error);
        Assert.All(_h.ReadLedger().Entries, e => Assert.Equal(LedgerStatus.Pending, e.Status));

        _h.Poster.FailLookups = null;
        var second = await _h.RunAsync();
        Assert.Equal(2, second.Result.MessagesSent);
        Assert.Equal(1, second.Result.Reconciled);
        Assert.All(_h.Poster.AlertsPerOrder().Values, n => Assert.Equal(1, n));
        Assert.Equal(3, _h.Poster.AlertsPerOrder().Count);
        Assert.True(second.Result.Succeeded);
    }
}
