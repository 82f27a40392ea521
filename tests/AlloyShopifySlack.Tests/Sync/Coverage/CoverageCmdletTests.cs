using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Slack.Interactions;
using AlloyShopifySlack.Tests.Infrastructure;
using AlloyShopifySlack.Tests.Sync.Crash;

namespace AlloyShopifySlack.Tests.Sync.Coverage;

/// <summary>Test-OrderAlertCoverage hosted against the emulator, after real Invoke-OrderSync runs; and the sync's new parameters.</summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class CoverageCmdletTests : IAsyncLifetime
{
    private EmulatorServer _emulator = null!;
    private AlertCensus _census = null!;
    private PowerShellHost _host = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OrderCount = 0, SlackRateLimit = false,
            ShopifyThrottling = false }.UseRealisticProfile(historyIntervalSeconds: 0));
        _census = new AlertCensus(_emulator);
        _host = new PowerShellHost();
        var tenant = _emulator.Tenant;
        _host.Invoke("$global:c = Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2] -NoSession; " +
                     "$global:p = @{ Connection = $c; ShopifyCredentialId = $args[3]; SlackCredentialId = $args[4]; Channel = $args[5]; " +
                         "StatePath = $args[6] }",
            _emulator.ApiKey, _emulator.BaseUri, tenant.UserId, tenant.ShopifyCredentialId, tenant.SlackCredentialId, tenant.ChannelId,
            Path.Combine(_host.WorkingDirectory, "state"));
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _emulator.DisposeAsync();
    }

    private List<SlackAlert> Alerts() => _emulator.Messages().Where(m => m.ThreadTs == null)
        .Select(m => new SlackAlert(m.Ts, MessageIdentity.Read(System.Text.Json.JsonDocument.Parse(
            m.ToJson(_emulator.State.Slack.Identity, true).ToJsonString()).RootElement).OrderNumbers.Single()))
        .ToList();

    private sealed record SlackAlert(string Ts, string Number);

    [Fact]
    public void The_report_finds_a_deleted_alert_and_a_doubled_one_says_who_claimed_and_counts_follow_ups()
    {
        _census.Add(5, 800m);
        _census.Add(2, 100m);
        Assert.Empty(_host.Invoke("Invoke-OrderSync @p -NoDigest -ChannelRate 500 -Quiet").Errors);
        var alerts = Alerts();
        var channel = _emulator.Tenant.ChannelId;
        _emulator.State.Slack.Delete(channel, alerts[0].Ts);                       // someone deleted it
        _emulator.State.Slack.Repost(channel, alerts[1].Ts);                       // posted twice
        var claimed = _emulator.State.Slack.FindMessage(channel, alerts[2].Ts)!;
        claimed.Blocks = (JsonArray)AcknowledgementMessage.Build(claimed.ToJson(_emulator.State.Slack.Identity, true), "U0CLAIMER1", "c",
            DateTimeOffset.UtcNow).Blocks!.DeepClone();
        _emulator.State.Shopify.Fulfill(alerts[3].Number);
        Assert.Empty(_host.Invoke("Invoke-OrderSync @p -NoDigest -ChannelRate 500 -Quiet").Errors);

        var report = _host.Invoke("Test-OrderAlertCoverage @p -Since (Get-Date).AddHours(-1)");

        Assert.Equal(5, report.Output.Count); // the qualifying orders only
        Assert.All(report.Output, o => Assert.Equal("AlloyShopifySlack.OrderAlertCoverage", o.TypeNames[0]));
        object? Value(string number, string property) => report.Output.Single(
            o => ((string)o.Properties["OrderId"].Value).EndsWith("/" + number)).Properties[property].Value;
        Assert.Equal("Missing", Value(alerts[0].Number, "Status")!.ToString());
        Assert.Contains("deleted?", (string)Value(alerts[0].Number, "Detail")!);
        Assert.Equal("Doubled", Value(alerts[1].Number, "Status")!.ToString());
        Assert.Equal("Alerted", Value(alerts[2].Number, "Status")!.ToString());
        Assert.Equal("U0CLAIMER1", Value(alerts[2].Number, "ClaimedBy"));
        Assert.Equal(1, Value(alerts[3].Number, "FollowUps"));
        Assert.Equal($"https://alloy-emulator.slack.com/archives/{channel}/p{alerts[4].Ts.Replace(".", "")}",
            Value(alerts[4].Number, "Permalink"));
        Assert.Equal(new[] { "OrderAlertDoubled", "OrderAlertMissing" },
            report.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).OrderBy(id => id));
        Assert.Contains(report.Information, line => line.Contains("5 order(s) since")
            && line.Contains("3 alerted, 1 missing, 1 doubled, 0 pending, 0 failed."));
    }

    [Fact]
    public void A_CI_step_stops_on_the_first_missing_alert_and_passes_when_every_alert_is_there()
    {
        _census.Add(3, 900m);
        Assert.Empty(_host.Invoke("Invoke-OrderSync @p -NoDigest -ChannelRate 500 -Quiet").Errors);
        var clean = _host.Invoke("Test-OrderAlertCoverage @p -Since (Get-Date).AddHours(-1) -ErrorAction Stop");
        Assert.Null(clean.Terminating);
        Assert.Empty(clean.Errors);

        _emulator.State.Slack.Delete(_emulator.Tenant.ChannelId, Alerts()[1].Ts);
        var failing = _host.Invoke("Test-OrderAlertCoverage @p -Since (Get-Date).AddHours(-1) -ErrorAction Stop");
        Assert.NotNull(failing.Terminating);
        Assert.Contains("has no alert in", failing.Terminating!.Message);
    }

    [Fact]
    public void Escalation_settings_that_cannot_work_are_refused_with_one_readable_error()
    {
        var noTarget = _host.Invoke("Invoke-OrderSync @p -EscalateAfterMinutes 30 -Quiet");
        var badTarget = _host.Invoke("Invoke-OrderSync @p -EscalateAfterMinutes 30 -EscalateTo 'not-an-id' -Quiet");
        var noFollowUps = _host.Invoke("Invoke-OrderSync @p -EscalateAfterMinutes 30 -EscalateTo U0ONCALL01 -FollowUpDays 0 -Quiet");

        // A run that cannot do its job ends the script (the exit contract): the refusal is the one terminating error.
        Assert.Contains("the escalation target (-EscalateTo U…, S… or C…)", Refusal(noTarget));
        Assert.NotNull(badTarget.Terminating ?? (object?)badTarget.Errors.SingleOrDefault());
        Assert.Contains("-FollowUpDays above 0", Refusal(noFollowUps));
    }

    private static string Refusal(HostedResult result)
    {
        if (result.Terminating != null) { Assert.Empty(result.Errors); return result.Terminating.Message; }
        return Assert.Single(result.Errors).ToString();
    }
}
