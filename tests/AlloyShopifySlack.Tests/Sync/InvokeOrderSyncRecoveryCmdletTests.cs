using System.Management.Automation;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Tests.Sync.Crash;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>Invoke-OrderSync hosted: stopped mid-run, a digest after an ambiguous failure, several tenants piped in.</summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class InvokeOrderSyncRecoveryCmdletTests : OrderSyncCmdletTestBase
{
    [Fact]
    public async Task Ctrl_C_stops_the_run_promptly_and_the_next_run_settles_what_was_in_flight()
    {
        _census.Add(8, 800m);
        _emulator.State.Faults.Add(AlloyShopifySlack.Emulator.Infrastructure.FaultKind.Latency, "chat_postMessage", null,
            r => r.LatencyMs = 300);
        var state = System.Management.Automation.Runspaces.InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(AlloyShopifySlack.Sync.OrderSyncEngine).Assembly.Location);
        using var runspace = System.Management.Automation.Runspaces.RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        var tenant = _emulator.Tenant;
        shell.AddScript("$c = Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2] -NoSession; " +
                        "Invoke-OrderSync -Connection $c -ShopifyCredentialId $args[3] -SlackCredentialId $args[4] -Channel $args[5] " +
                            "-StatePath $args[6] -NoDigest -ChannelRate 500 -Quiet")
            .AddArgument(_emulator.ApiKey).AddArgument(_emulator.BaseUri).AddArgument(tenant.UserId).AddArgument(tenant.ShopifyCredentialId)
            .AddArgument(tenant.SlackCredentialId).AddArgument(tenant.ChannelId).AddArgument(_state);
        var running = shell.BeginInvoke();
        while (_census.MessageCount < 2 && !running.IsCompleted) await Task.Delay(5);
        shell.Stop(); // what Ctrl+C does
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.True(_census.MessageCount < 8, "the run went on after Ctrl+C");
        Assert.Empty(_census.Doubled());

        _emulator.State.Faults.Clear();
        var next = Sync();
        Assert.Empty(next.Errors);
        Assert.Equal("ok", _census.Verdict());
    }

    [Fact]
    public void A_burst_becomes_one_digest_that_is_found_again_after_an_ambiguous_failure()
    {
        _census.Add(12, 800m);
        var fault = _emulator.State.Faults.Add(AlloyShopifySlack.Emulator.Infrastructure.FaultKind.Ambiguous, "chat_postMessage", 1);
        var run = Sync();

        Assert.Empty(run.Errors);
        Assert.Equal(1, fault.Fired);
        var digest = Assert.Single(_emulator.State.Slack.AllMessages());
        Assert.Equal("shopify_order_digest", digest.Metadata!["event_type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(digest.Metadata["event_payload"]!["digest_id"]?.GetValue<string>()));
        var result = run.Output.Single();
        Assert.Equal(1, result.Properties["MessagesSent"].Value);
        Assert.Equal(12, result.Properties["AlertsSent"].Value);
        Assert.Equal("ok", _census.Verdict());
    }


    [Fact]
    public async Task Several_tenants_piped_in_each_get_their_own_alerts_and_state()
    {
        await using var other = await EmulatorServer.StartAsync(new EmulatorOptions { OrderCount = 0, SlackRateLimit = false,
            ShopifyThrottling = false, Seed = 99 });
        var otherCensus = new AlertCensus(other);
        _census.Add(2, 800m);
        otherCensus.Add(3, 900m);
        var t = other.Tenant;
        var run = _host.Invoke(
            "$c2 = Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2] -NoSession; " +
            "@([pscustomobject]@{ Connection = $c; ShopifyCredentialId = $p.ShopifyCredentialId; SlackCredentialId = " +
                "$p.SlackCredentialId; Channel = $p.Channel }, " +
            "  [pscustomobject]@{ Connection = $c2; ShopifyCredentialId = $args[3]; SlackCredentialId = $args[4]; Channel = " +
                "$args[5] }) | " +
            "Invoke-OrderSync -StatePath $p.StatePath -ChannelRate 500 -Quiet",
            other.ApiKey, other.BaseUri, t.UserId, t.ShopifyCredentialId, t.SlackCredentialId, t.ChannelId);

        Assert.Empty(run.Errors);
        // Side by side (-ThrottleLimit): one result per tenant as each finishes, then the summary.
        var results = run.Output.Where(o => o.TypeNames[0] == "AlloyShopifySlack.OrderSyncResult").ToList();
        Assert.Equal(new object[] { 2, 3 }, results.Select(o => o.Properties["MessagesSent"].Value).OrderBy(n => (int)n));
        Assert.Equal(5, run.Output.Single(o => o.TypeNames[0] == "AlloyShopifySlack.OrderSyncSummary").Properties["MessagesSent"].Value);
        Assert.Equal("ok", _census.Verdict());
        Assert.Equal("ok", otherCensus.Verdict());
        Assert.Equal(2, Directory.GetFiles(_state, "*.journal").Length);

        // The connections themselves piped in (settings from each connection's own values, here none: explicit ids).
        otherCensus.Add(1, 950m);
        var piped = _host.Invoke("$c2 = Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2] -NoSession; " +
                                 "$c2 | Invoke-OrderSync -ShopifyCredentialId $args[3] -SlackCredentialId $args[4] -Channel $args[5] " +
                                     "-StatePath $p.StatePath -ChannelRate 500 -Quiet",
            other.ApiKey, other.BaseUri, t.UserId, t.ShopifyCredentialId, t.SlackCredentialId, t.ChannelId);
        Assert.Empty(piped.Errors);
        Assert.Equal(1, piped.Output.Single().Properties["MessagesSent"].Value);
        Assert.Equal("ok", otherCensus.Verdict());
    }
}
