using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Tests.Infrastructure;

namespace AlloyShopifySlack.Tests.Slack;

/// <summary>
/// conversations.history under Slack's limits for apps outside its Marketplace (15 messages a call, one call per
/// interval per channel), against the emulator's realistic profile; the client clock is the emulator's, so waits
/// move emulated time and nothing sleeps.
/// </summary>
public sealed class SlackHistoryScanTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static Task<EmulatorServer> StartAsync(double interval) => EmulatorServer.StartAsync(
        new EmulatorOptions { OrderCount = 0, SlackRateLimit = false, ShopifyThrottling = false, Now = Now }.UseRealisticProfile(interval));

    private static async Task<(SlackClient Slack, List<string> Ts)> PostAsync(EmulatorServer emulator, int count)
    {
        var slack = new SlackClient(EmulatorClients.Client(emulator), emulator.Tenant.SlackCredentialId);
        var ts = new List<string>();
        for (var n = 1; n <= count; n++)
        {
            var order = Orders.Sample(name: "#" + n, number: n);
            ts.Add((await slack.PostMessageAsync(emulator.Tenant.ChannelId, new OrderMessageBuilder().Build(order),
                CancellationToken.None)).Ts);
            emulator.State.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        return (slack, ts);
    }

    [Fact]
    public async Task A_scan_pages_with_the_cursor_and_waits_its_turn_after_the_first_refusal()
    {
        await using var emulator = await StartAsync(interval: 2);
        var (slack, ts) = await PostAsync(emulator, 40);
        var started = emulator.State.Clock.UtcNow;
        var read = new List<string>();

        var scan = await slack.ScanHistoryAsync(emulator.Tenant.ChannelId, HistoryWindow.Since(Now.AddMinutes(-1)),
            m => { read.Add(m.GetProperty("ts").GetString()!); return false; }, null, CancellationToken.None);

        Assert.True(scan.Complete, scan.ToString());
        Assert.Equal(3, scan.Calls); // 15 + 15 + 10
        Assert.Equal(Enumerable.Reverse(ts), read);
        Assert.Equal(1, scan.RateLimited); // the second page was refused once; from then on the scan knew the interval
        Assert.Equal(4, emulator.State.Counters["slack/conversations_history"]);
        Assert.Equal(TimeSpan.FromSeconds(2), slack.HistoryInterval);
        Assert.Equal(TimeSpan.FromSeconds(4), emulator.State.Clock.UtcNow - started);
    }

    [Fact]
    public async Task A_scan_that_finds_what_it_wants_stops_reading()
    {
        await using var emulator = await StartAsync(interval: 60);
        var (slack, _) = await PostAsync(emulator, 40);
        var wanted = Orders.Sample(number: 35).Id;

        var scan = await slack.ScanHistoryAsync(emulator.Tenant.ChannelId, HistoryWindow.Since(Now.AddMinutes(-1)),
            m => MessageIdentity.Read(m).HasOrder(wanted), null, CancellationToken.None);

        Assert.True(scan.StoppedEarly);
        Assert.Equal(1, scan.Calls);
        Assert.Equal(6, scan.Messages);
    }

    [Fact]
    public async Task The_time_budget_ends_a_scan_with_a_note_and_says_how_far_it_read()
    {
        await using var emulator = await StartAsync(interval: 2);
        var (slack, ts) = await PostAsync(emulator, 40);
        var options = new HistoryScanOptions { Deadline = emulator.State.Clock.UtcNow.AddSeconds(3) };

        var scan = await slack.ScanHistoryAsync(emulator.Tenant.ChannelId, HistoryWindow.Since(Now.AddMinutes(-1)), _ => false, options,
            CancellationToken.None);

        Assert.False(scan.Complete);
        Assert.Equal(2, scan.Calls);
        Assert.Contains("time budget ran out after 2 history call(s)", scan.Incomplete);
        Assert.Equal(ts[10], scan.CoveredFromTs); // the 30 newest were read
        Assert.True(scan.Covers(ts[10])); // what was posted after ts[10] was all read
        Assert.False(scan.Covers(ts[9]));
        Assert.True(emulator.State.Clock.UtcNow <= options.Deadline);
    }

    [Fact]
    public async Task A_rate_limit_wait_over_a_minute_ends_the_scan_instead_of_waiting()
    {
        await using var emulator = await StartAsync(interval: 90);
        var (slack, _) = await PostAsync(emulator, 20);
        var started = emulator.State.Clock.UtcNow;

        var scan = await slack.ScanHistoryAsync(emulator.Tenant.ChannelId, HistoryWindow.Since(Now.AddMinutes(-1)), _ => false, null,
            CancellationToken.None);

        Assert.Equal(1, scan.Calls);
        Assert.Contains("longer than the 60 s a lookup waits", scan.Incomplete);
        Assert.Equal(started, emulator.State.Clock.UtcNow);
    }

    [Fact]
    public async Task An_alert_whose_metadata_Alloy_dropped_is_found_by_its_block_id()
    {
        await using var emulator = await StartAsync(interval: 2);
        var (slack, ts) = await PostAsync(emulator, 3);
        Assert.All(emulator.Messages(), m => Assert.Null(m.Metadata)); // the realistic profile dropped it

        var found = await slack.FindOrderMessageAsync(emulator.Tenant.ChannelId, Orders.Sample(number: 2).Id, Now.AddMinutes(-1),
            CancellationToken.None);
        var byMetadata = await slack.FindMessageByMetadataAsync(emulator.Tenant.ChannelId, OrderMessageBuilder.AlertEventType, _ => true,
            Now.AddMinutes(-1), CancellationToken.None);

        Assert.Equal(ts[1], found);
        Assert.Null(byMetadata);
    }
}
