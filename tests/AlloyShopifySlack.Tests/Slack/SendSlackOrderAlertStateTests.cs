using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Emulator.Infrastructure;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Tests.Infrastructure;

namespace AlloyShopifySlack.Tests.Slack;

/// <summary>
/// Send-SlackOrderAlert and Invoke-OrderSync share one memory, the sync state: the one-liner and the job alert each
/// order once between them, -Force sends again, and what could not be settled is left for the job to settle.
/// </summary>
public sealed class SendSlackOrderAlertStateTests : IClassFixture<SlackEmulatorFixture>
{
    private const string OneLiner =
        "Get-ShopifyOrder -CreatedAfter $args[0] -PageSize 100 | Where-Object Total -ge 500 | Send-SlackOrderAlert -ChannelRate 1000 " +
            "-ChannelBurst 1000";
    private const string Sync =
        "Invoke-OrderSync -MinimumTotal 500 -Since $args[0] -StatePath $args[1] -NoDigest -FollowUpDays 0 -Quiet";

    private readonly SlackEmulatorFixture _fx;
    private readonly DateTimeOffset _since = SlackEmulatorFixture.Now.AddDays(-8);

    public SendSlackOrderAlertStateTests(SlackEmulatorFixture fixture)
    {
        _fx = fixture;
        _fx.ResetSlack();
    }

    /// <summary>The run went through: no terminating error, no error record (their text is the failure message).</summary>
    private static HostedResult Clean(HostedResult result)
    {
        Assert.True(result.Terminating == null && result.Errors.Count == 0,
            result.Terminating?.Message + "\n" + string.Join("\n", result.Errors.Select(e => e.ToString())));
        return result;
    }

    private static List<SlackAlertResult> Results(HostedResult result) =>
        result.Output.Select(o => (SlackAlertResult)o.BaseObject).ToList();

    private List<string> AlertedOrderIds() =>
        _fx.Emulator.Messages(_fx.Tenant.ChannelId).Select(m => (string)m.Metadata!["event_payload"]!["order_id"]!).ToList();

    [Fact]
    public void The_one_liner_then_the_job_alert_each_order_once()
    {
        var sent = _fx.Host.Invoke(OneLiner, _since);
        Assert.Null(sent.Terminating);
        Assert.Empty(sent.Errors);
        Assert.Empty(sent.Warnings);
        var alerted = Results(sent).Where(r => r.Status == SlackAlertStatus.Sent).Select(r => r.OrderId).ToHashSet();
        Assert.True(alerted.Count > 10, "the sample store should hold a fair number of high-value orders");

        var run = Clean(_fx.Host.Invoke(Sync, _since, _fx.StatePath));
        var result = run.Output.Single();
        Assert.Equal(0, result.Properties["MessagesSent"].Value);
        Assert.True((int)result.Properties["DuplicatesSkipped"].Value > 0);

        var again = _fx.Host.Invoke(OneLiner, _since);
        Assert.Empty(again.Errors);
        Assert.All(Results(again), r => Assert.Equal(SlackAlertStatus.Skipped, r.Status));
        Assert.All(Results(again), r => Assert.Contains("-Force", r.Error));
        // The run pruned what is older than its window (less a margin): those are known to be forgotten, not new.
        Assert.Contains(Results(again), r => r.Error!.Contains("older than the sync state remembers"));
        Assert.Contains(Results(again), r => r.Error!.Contains("already alerted to " + _fx.Tenant.ChannelId));

        var ids = AlertedOrderIds();
        Assert.Equal(alerted.Count, ids.Count);
        Assert.Equal(alerted.OrderBy(i => i), ids.OrderBy(i => i)); // each once, by the one-liner
    }

    [Fact]
    public void The_job_first_then_the_one_liner_skips_what_the_job_alerted_and_Force_sends_again()
    {
        var since = SlackEmulatorFixture.Now.AddDays(-1); // a day, so that the run prunes nothing
        var run = Clean(_fx.Host.Invoke(Sync, since, _fx.StatePath));
        var posted = (int)run.Output.Single().Properties["MessagesSent"].Value;
        Assert.True(posted > 3);

        var sent = _fx.Host.Invoke(OneLiner, since);
        Assert.Empty(sent.Errors);
        var results = Results(sent);
        // The job leaves test and cancelled orders out; the one-liner's Where-Object does not: only those go out now.
        Assert.Equal(posted, results.Count(r => r.Status == SlackAlertStatus.Skipped));
        Assert.Equal(AlertedOrderIds().Count, posted + results.Count(r => r.Status == SlackAlertStatus.Sent));

        var first = results.First(r => r.Status == SlackAlertStatus.Skipped);
        var forced = _fx.Host.Invoke("Get-ShopifyOrder -CreatedAfter $args[0] | Where-Object Id -eq $args[1] | Send-SlackOrderAlert -Force",
            since, first.OrderId);
        Assert.Equal(SlackAlertStatus.Sent, Results(forced).Single().Status);
        Assert.Equal(2, AlertedOrderIds().Count(id => id == first.OrderId));
    }

    [Fact]
    public void WhatIf_reads_the_state_without_creating_or_changing_it()
    {
        var fresh = _fx.Host.Invoke(OneLiner + " -WhatIf", _since);
        Assert.All(Results(fresh), r => Assert.Equal(SlackAlertStatus.WhatIf, r.Status));
        Assert.False(Directory.Exists(_fx.StatePath), "-WhatIf must not create the sync state");

        _fx.Host.Invoke(OneLiner, _since);
        var files = Directory.GetFiles(_fx.StatePath).ToDictionary(f => f, File.ReadAllBytes);
        var known = _fx.Host.Invoke(OneLiner + " -WhatIf", _since);
        Assert.All(Results(known), r => Assert.Equal(SlackAlertStatus.Skipped, r.Status));
        Assert.All(files, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));
        Assert.Equal(Results(known).Count, _fx.Emulator.Messages(_fx.Tenant.ChannelId).Count); // only the real send posted
    }

    [Fact]
    public void A_refused_alert_leaves_the_state_as_before_and_the_job_posts_it_into_its_channel()
    {
        var refused = _fx.Host.Invoke(OneLiner + " -Channel C0NOPE -ErrorAction SilentlyContinue", _since);
        var failed = Results(refused);
        Assert.NotEmpty(failed);
        Assert.All(failed, r => Assert.Equal(SlackAlertStatus.Failed, r.Status));

        var run = Clean(_fx.Host.Invoke(Sync, _since, _fx.StatePath));
        Assert.True((int)run.Output.Single().Properties["MessagesSent"].Value > 0);
        var ids = AlertedOrderIds();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var qualifying = failed.Select(r => r.OrderId).Where(id => !IsSkippedByTheJob(id)).OrderBy(i => i).ToList();
        Assert.NotEmpty(qualifying);
        Assert.Equal(qualifying, ids.OrderBy(i => i)); // each refused one that the job alerts, once, in the job's channel
    }

    [Fact]
    public void A_post_whose_outcome_is_unknown_stays_pending_and_the_job_finds_it_instead_of_posting_again()
    {
        // The job looks for the message from the intent's time on: the cmdlets run on the emulator's clock here.
        var connection = LinkedConnection();
        var order = _fx.Emulator.State.Shopify.Orders.First(o => o.CreatedAt >= _since && o.Total >= 500 && !o.Test
            && o.CancelledAt == null);
        _fx.Emulator.State.Faults.Add(FaultKind.Ambiguous, "chat_postMessage", count: 1);
        const string one = "Get-ShopifyOrder -Connection $args[0] -CreatedAfter $args[1] | Where-Object Id -eq $args[2] | " +
            "Send-SlackOrderAlert -Connection $args[0]";
        var sent = _fx.Host.Invoke(one + " -ErrorAction SilentlyContinue", connection, _since, order.Id);
        Assert.Equal(SlackAlertStatus.Failed, Results(sent).Single().Status);
        Assert.Single(AlertedOrderIds()); // Slack has it, though the answer was lost

        var skippedAgain = _fx.Host.Invoke(one, connection, _since, order.Id);
        Assert.Equal(SlackAlertStatus.Skipped, Results(skippedAgain).Single().Status); // pending: it may have been posted
        Assert.Contains("may have been posted", Results(skippedAgain).Single().Error);

        Clean(_fx.Host.Invoke(Sync.Replace("-Quiet", "-Quiet -Connection $args[2]"), _since, _fx.StatePath, connection));
        Assert.Single(AlertedOrderIds(), id => id == order.Id);
    }

    private AlloyConnection LinkedConnection()
    {
        var values = new Dictionary<string, ResolvedSetting>
        {
            [SettingNames.BaseUrl] = new(_fx.Emulator.BaseUri.ToString(), "test"),
            [SettingNames.UserId] = new(_fx.Tenant.UserId, "test"),
            [SettingNames.ShopifyCredentialId] = new(_fx.Tenant.ShopifyCredentialId, "test"),
            [SettingNames.SlackCredentialId] = new(_fx.Tenant.SlackCredentialId, "test"),
            [SettingNames.SlackChannelId] = new(_fx.Tenant.ChannelId, "test"),
        };
        return AlloyConnection.Create(new SettingsResolver(values, _ => null, null), SecretText.ToSecureString(_fx.Emulator.ApiKey),
            "test", values, "test",
            clock: new EmulatorLinkedClock(_fx.Emulator.State.Clock));
    }

    [Fact]
    public void Without_a_Shopify_credential_the_alerts_go_out_with_one_warning_that_they_are_not_recorded()
    {
        var result = _fx.Host.Invoke("""
            Get-Content ./emulator.env | Where-Object { $_ -notlike 'SHOPIFY_CREDENTIAL_ID=*' } | Set-Content ./no-shop.env
            $args[0], $args[1] | Send-SlackOrderAlert -Connection (Connect-Alloy -EnvFile ./no-shop.env -NoSession -SkipCheck)
            """, Orders.Sample(number: 1, name: "#1"), Orders.Sample(number: 2, name: "#2"));
        Assert.Empty(result.Errors);
        Assert.All(Results(result), r => Assert.Equal(SlackAlertStatus.Sent, r.Status));
        Assert.Contains("not recorded in the sync state", Assert.Single(result.Warnings));
        Assert.False(Directory.Exists(_fx.StatePath));
    }

    private bool IsSkippedByTheJob(string orderId)
    {
        var order = _fx.Emulator.State.Shopify.Orders.Single(o => o.Id == orderId);
        return order.Test || order.CancelledAt != null;
    }
}
