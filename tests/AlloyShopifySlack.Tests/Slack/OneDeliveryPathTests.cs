using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Slack.Pacing;
using AlloyShopifySlack.Tests.Infrastructure;
using AlloyShopifySlack.Tests.Sync.Crash;

namespace AlloyShopifySlack.Tests.Slack;

/// <summary>
/// Send-SlackOrderAlert and Invoke-OrderSync hosted in one runspace against an emulator whose Slack allows a burst
/// of 3 then one message a second per channel, on the emulator's clock (waits move it on; nothing sleeps). Both go
/// through the one delivery path: the workspace's pacer that learns each channel's limit from Slack's 429s.
/// </summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class OneDeliveryPathTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private const string ChannelA = "C0ALERTS001";
    private const string ChannelB = "C0VIPORDERS";
    private EmulatorServer _emulator = null!;
    private PowerShellHost _host = null!;
    private AlloyConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            OrderCount = 0, Now = Now, ShopifyThrottling = false, SlackRateLimit = true, SlackMessagesPerSecond = 1, SlackBurst = 3,
        });
        var values = new Dictionary<string, ResolvedSetting>
        {
            [SettingNames.BaseUrl] = new(_emulator.BaseUri.ToString(), "test"),
            [SettingNames.UserId] = new(_emulator.Tenant.UserId, "test"),
        };
        _connection = AlloyConnection.Create(new SettingsResolver(values, _ => null, null), SecretText.ToSecureString(_emulator.ApiKey),
            "test", values, "test",
            clock: new EmulatorLinkedClock(_emulator.State.Clock));
        _host = new PowerShellHost();
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        _connection.Dispose();
        await _emulator.DisposeAsync();
    }

    /// <summary>The pacer every client of this connection and Slack credential shares.</summary>
    private SlackPacer Pacer => new SlackClient(_connection.Client, _emulator.Tenant.SlackCredentialId).Pacer;

    private int PostCalls => _emulator.State.Counters.Snapshot().GetValueOrDefault("slack/chat_postMessage");

    private HostedResult Sync(string extra) => _host.Invoke(
        "Invoke-OrderSync -Connection $args[0] -ShopifyCredentialId $args[1] -SlackCredentialId $args[2] -StatePath $args[3] -NoDigest " +
            "-Quiet " + extra,
        _connection, _emulator.Tenant.ShopifyCredentialId, _emulator.Tenant.SlackCredentialId,
            Path.Combine(_host.WorkingDirectory, "state"));

    private void AddOrders(int count, decimal total) =>
        _emulator.State.Shopify.AddGenerated(count, Now.AddMinutes(-30), overrides: new OrderOverrides { Total = total, Test = false,
            Cancelled = false });

    private List<double> Times(string channel) =>
        _emulator.Messages(channel).Select(m => double.Parse(m.Ts, CultureInfo.InvariantCulture)).OrderBy(t => t).ToList();

    [Fact]
    public void Send_SlackOrderAlert_and_Invoke_OrderSync_post_through_one_pace_per_channel()
    {
        var alerts = _host.Invoke(
            "1..5 | ForEach-Object { [pscustomobject]@{ Id = \"gid://shopify/Order/$_\"; Name = \"#$_\"; Total = 900; Currency " +
                "= 'USD' } } | " +
            "Send-SlackOrderAlert -Connection $args[0] -CredentialId $args[1] -Channel $args[2] -ShopifyCredentialId $args[3] " +
                "-StatePath $args[4]",
            _connection, _emulator.Tenant.SlackCredentialId, ChannelA, _emulator.Tenant.ShopifyCredentialId,
                Path.Combine(_host.WorkingDirectory, "state"));
        Assert.Empty(alerts.Errors);
        Assert.Equal(5, alerts.Output.Count(o => ((SlackAlertResult)o.BaseObject).Status == SlackAlertStatus.Sent));
        Assert.Equal(6, PostCalls); // the burst of 3, one refusal, then paced: nothing else refused
        var learned = Pacer.Describe(ChannelA);
        Assert.Equal(1.005, learned.Interval!.Value.TotalSeconds, 3);
        Assert.Equal(5, learned.Accepted);

        AddOrders(5, 900m);
        var run = Sync("-Channel " + ChannelA);
        Assert.Empty(run.Errors);
        Assert.Equal(5, run.Output.Single().Properties["MessagesSent"].Value);
        var shared = Pacer.Describe(ChannelA);
        Assert.Equal(10, shared.Accepted); // the sync's posts went through the same pacer
        Assert.True(PostCalls - 10 <= 3, $"{PostCalls - 10} refusals for ten alerts");
        var times = Times(ChannelA);
        Assert.All(times.Skip(3).Zip(times.Skip(2), (later, earlier) => later - earlier),
            gap => Assert.True(gap >= 0.9, $"a gap of {gap:0.###} s"));
    }

    [Fact]
    public async Task Two_clients_of_one_workspace_keep_its_limit_together()
    {
        _emulator.State.Slack.WorkspaceMessagesPerMinute = 10;
        var shared = new SlackPacer(_connection.Client.Options.Clock, new SlackPacingOptions { WorkspaceMessagesPerMinute = 10 });
        var first = new SlackClient(_connection.Client, _emulator.Tenant.SlackCredentialId, pacer: shared); // say, two tenants' engines
        var second = new SlackClient(_connection.Client, _emulator.Tenant.SlackCredentialId, pacer: shared);
        var channels = _emulator.Tenant.ChannelIds.Take(4).ToList();
        var started = _emulator.State.Clock.UtcNow;

        // One after the other: the emulator-linked clock moves on at once when a caller waits, which would let
        // concurrent posts overtake each other in emulated time.
        for (var i = 0; i < 12; i++)
            await (i % 2 == 0 ? first : second).PostMessageAsync(channels[i % 4], new SlackMessage("message " + i), CancellationToken.None);

        Assert.Equal(12, _emulator.State.Slack.AllMessages().Count);
        Assert.Equal(12, PostCalls); // three a channel fit its burst; the workspace's eleventh and twelfth waited for the next minute
        Assert.Equal(TimeSpan.FromMinutes(1), _emulator.State.Clock.UtcNow - started);
    }

    [Fact]
    public void In_the_sync_a_429_slows_that_channel_only()
    {
        AddOrders(6, 600m);
        AddOrders(2, 1500m);
        var run = Sync($"-MinimumTotal 500 -Channel {ChannelA} -Route (New-OrderRoute -MinimumTotal 1000 -Channel {ChannelB})");

        Assert.Empty(run.Errors);
        Assert.Equal(8, run.Output.Single().Properties["MessagesSent"].Value);
        Assert.Equal(9, PostCalls); // A's fourth was refused once, then sent again: nothing went four times, nothing twice
        var a = Pacer.Describe(ChannelA);
        Assert.Equal(1, a.Refusals);
        Assert.Equal(1.005, a.Interval!.Value.TotalSeconds, 3);
        var b = Pacer.Describe(ChannelB);
        Assert.Null(b.Interval); // never refused: B went at once
        Assert.Equal(2, b.Accepted);
        var times = Times(ChannelA);
        Assert.Equal(6, times.Count);
        Assert.All(times.Skip(3).Zip(times.Skip(2), (later, earlier) => later - earlier),
            gap => Assert.True(gap >= 0.999, $"a gap of {gap:0.###} s"));
    }
}
