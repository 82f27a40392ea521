using System.Net;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Tests.Infrastructure;
using AlloyShopifySlack.Tests.Shopify;
using AlloyShopifySlack.Tests.Sync.Crash;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>Long waits and long runs show what they are doing: throttle waits, posting, and quiet continuous rounds.</summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class ProgressReportingTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 15, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_Shopify_throttle_wait_shows_in_verbose_and_on_the_progress_bar()
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(3, Start.AddMinutes(1));
        fake.Scripted.Enqueue((HttpStatusCode.OK, FakeShopifyAlloy.Throttled(requested: 752, available: 666, restoreRate: 50), null));
        var log = new RecordingLog();

        await OrderPagingTests.ReadAll(fake, new OrderQuery { CreatedAfter = Start }, new AlloyShopifySlack.Tests.Shopify.FakeClock(), log);

        Assert.Contains(log.Lines, l => l.Level == LogLevel.Verbose && l.Message.StartsWith("Waiting 1.7 s for the cost bucket to refill"));
        Assert.Contains(log.Progress, p => p.Activity == "Waiting for Shopify"
            && p.Status.StartsWith("1.7 s for the cost bucket to refill"));
        Assert.True(log.Progress.Last(p => p.Activity == "Waiting for Shopify").Completed);
    }

    [Fact]
    public async Task Posting_moves_a_progress_bar_to_done()
    {
        using var harness = new SyncHarness();
        harness.AddOrders(900, 800, 700);
        var log = new RecordingLog();

        using (OperationContext.Use(log)) await harness.RunAsync();

        var posting = log.Progress.Where(p => p.Activity == "Posting alerts to Slack").ToList();
        Assert.Equal(new[] { "1 of 3", "2 of 3", "3 of 3" }, posting.Where(p => !p.Completed).Select(p => p.Status.Substring(0, 6)));
        Assert.True(posting.Last().Completed);
    }

    [Fact]
    public async Task Continuous_rounds_with_nothing_new_are_one_line_each_with_the_time_to_the_next()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OrderCount = 0, SlackRateLimit = false,
            ShopifyThrottling = false });
        var census = new AlertCensus(emulator);
        census.Add(1, 800m);
        using var host = new PowerShellHost();
        var tenant = emulator.Tenant;
        var run = host.Invoke("$c = Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2] -NoSession; " +
                              "Invoke-OrderSync -Connection $c -ShopifyCredentialId $args[3] -SlackCredentialId $args[4] -Channel " +
                                  "$args[5] -StatePath ./state " +
                              "-ChannelRate 500 -Continuous -MaxIterations 3 -IntervalSeconds 0 | Out-Null",
            emulator.ApiKey, emulator.BaseUri, tenant.UserId, tenant.ShopifyCredentialId, tenant.SlackCredentialId, tenant.ChannelId);

        Assert.Null(run.Terminating);
        Assert.Single(run.Information, line => line.Contains("Step 1: Verify Credentials")); // only the first round shows the sections
        var rounds = run.Information.Where(line => line.StartsWith("Round ")).ToList();
        Assert.Equal(3, rounds.Count);
        Assert.Matches(@"^Round 1 at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: 1 order read, 1 alerted; next round in 0 s \(Ctrl\+C " +
            @"stops\)\.$", rounds[0]);
        Assert.Matches(@"^Round 2 at .* UTC: nothing new in 1 order; next round in 0 s \(Ctrl\+C stops\)\.$", rounds[1]);
        Assert.EndsWith("nothing new in 1 order; that was the last round.", rounds[2]);
        Assert.Equal(1, census.MessageCount);
    }
}
