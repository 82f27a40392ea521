using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Adapters;
using AlloyShopifySlack.Sync.Coverage;
using AlloyShopifySlack.Tests.Infrastructure;
using AlloyShopifySlack.Tests.Sync.Crash;
using AlloyShopifySlack.Tests.Sync.Realistic;

namespace AlloyShopifySlack.Tests.Sync.Coverage;

/// <summary>The coverage check under Slack's history limits: what it cannot read in time is NotChecked, never Missing.</summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class CoverageCheckTests
{
    [Fact]
    public async Task Orders_the_history_cannot_be_read_back_to_in_time_are_not_checked_rather_than_missing()
    {
        await using var h = await RealisticSyncHarness.StartAsync(historyIntervalSeconds: 60);
        var orders = h.AddOrders(40, 900m, TimeSpan.FromHours(3));
        var run = await h.RunAsync();
        Assert.Equal(40, run.Result.MessagesSent);
        var client = EmulatorClients.Client(h.Emulator, h.Clock);
        var check = new AlertCoverageCheck(new ShopifyOrderSource(new ShopifyClient(client, h.Emulator.Tenant.ShopifyCredentialId,
            clock: h.Clock)),
            new SlackAlertReader(new SlackClient(client, h.Emulator.Tenant.SlackCredentialId, clock: h.Clock)), h.Clock);
        var selection = new OrderSyncOptions { MinimumTotal = 500m, Routes = new RouteTable(null, h.Channel) };

        using var ledger = h.ReadLedger();
        var hurried = await check.RunAsync(h.Now.AddHours(-4), null, selection, ledger, TimeSpan.FromMinutes(1), CancellationToken.None);
        var patient = await check.RunAsync(h.Now.AddHours(-4), null, selection, ledger, TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.Equal(40, hurried.Orders.Count);
        // The sync just read the history, so the first call waits a minute: one page of 15 fits the budget.
        Assert.Equal((15, 25), (hurried.Count(CoverageStatus.Alerted), hurried.Count(CoverageStatus.NotChecked)));
        Assert.Equal(0, hurried.Count(CoverageStatus.Missing));
        Assert.Single(hurried.Problems);
        Assert.Contains("25 not checked", hurried.Summary());
        Assert.Equal(40, patient.Count(CoverageStatus.Alerted));
        Assert.Equal(3, patient.HistoryCalls);
        Assert.All(patient.Orders, o => Assert.NotNull(o.Permalink));
    }
}
