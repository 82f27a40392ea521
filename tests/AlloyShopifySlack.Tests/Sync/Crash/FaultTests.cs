using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Infrastructure;
using AlloyShopifySlack.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AlloyShopifySlack.Tests.Sync.Crash;

/// <summary>
/// The exactly-once invariant under the failures the emulator can inject: 429 storms, 5xx before the work, the
/// ambiguous "stored, then 502", and two runs started at once. Runs with the faults on may report errors; after a
/// final run with the faults off every qualifying order has exactly one message.
/// </summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class FaultTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private EmulatorServer _emulator = null!;
    private AlertCensus _census = null!;
    private PowerShellHost _host = null!;
    private string _state = null!;

    public FaultTests(ITestOutputHelper output) { _output = output; }

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OrderCount = 0, SlackRateLimit = false,
            ShopifyThrottling = false, Seed = 7 });
        _census = new AlertCensus(_emulator);
        _census.Add(60, 750m);
        _census.Add(15, 12000m);
        _census.Add(15, 90m);
        _host = new PowerShellHost();
        _state = Path.Combine(_host.WorkingDirectory, "state");
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _emulator.DisposeAsync();
    }

    private HostedResult Sync(string extra = "")
    {
        var tenant = _emulator.Tenant;
        var result = _host.Invoke(
            "$c = Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2] -NoSession; " +
            "Invoke-OrderSync -Connection $c -ShopifyCredentialId $args[3] -SlackCredentialId $args[4] -Channel $args[5] " +
                "-StatePath $args[6] " +
            "-NoDigest -ChannelRate 500 -Quiet -Route (New-OrderRoute -MinimumTotal 10000 -Channel C0VIPORDERS) " + extra,
            _emulator.ApiKey, _emulator.BaseUri, tenant.UserId, tenant.ShopifyCredentialId, tenant.SlackCredentialId,
                tenant.ChannelId, _state);
        var output = result.Output.Select(o => o.Properties["MessagesSent"]?.Value + " sent").FirstOrDefault() ?? "no result";
        _output.WriteLine($"run: {output}; {result.Errors.Count} " +
            $"error(s) {string.Join(" | ", result.Errors.Select(e => e.FullyQualifiedErrorId).Distinct())}");
        return result;
    }

    private void AssertExactlyOnceAfterACleanRun()
    {
        _emulator.State.Faults.Clear();
        var final = Sync();
        Assert.Empty(final.Errors);
        Assert.Equal("ok", _census.Verdict());
        Assert.Equal(0, (int)Sync().Output.Single().Properties["MessagesSent"].Value); // and nothing more to do
    }

    [Fact]
    public void A_429_storm_on_every_call_delays_alerts_but_never_doubles_or_drops_one()
    {
        var storm = _emulator.State.Faults.Add(FaultKind.RateLimit, null, null, r => { r.Probability = 0.5; r.RetryAfterSeconds = 0; });
        Sync();
        _census.Add(40, 800m);
        _emulator.State.Faults.Remove(storm.Id);
        // Nearly every post refused, so that retries run out: those alerts fail for this run and wait for the next.
        _emulator.State.Faults.Add(FaultKind.RateLimit, "chat_postMessage", null, r => { r.Probability = 0.95; r.RetryAfterSeconds = 0; });
        var hard = Sync();
        Assert.Contains(hard.Errors, e => e.FullyQualifiedErrorId.StartsWith("OrderSyncAlertsFailed", StringComparison.Ordinal));
        Assert.Empty(_census.Doubled());
        AssertExactlyOnceAfterACleanRun();
    }

    [Fact]
    public void Server_errors_on_posts_are_reconciled_before_anything_is_posted_again()
    {
        _emulator.State.Faults.Add(FaultKind.HttpError, "chat_postMessage", null, r => { r.Probability = 0.3; r.StatusCode = 500; });
        _emulator.State.Faults.Add(FaultKind.HttpError, "conversations_history", null, r => { r.Probability = 0.2; r.StatusCode = 502; });
        var first = Sync();
        Assert.Contains(first.Errors, e => e.FullyQualifiedErrorId.StartsWith("OrderSyncAlertsFailed", StringComparison.Ordinal));
        Sync();
        Assert.Empty(_census.Doubled());
        AssertExactlyOnceAfterACleanRun();
    }

    [Fact]
    public void Posts_that_land_but_answer_502_are_found_in_the_channel_and_never_posted_twice()
    {
        var fault = _emulator.State.Faults.Add(FaultKind.Ambiguous, "chat_postMessage", null, r => r.Probability = 0.4);
        var first = Sync();
        Assert.True(fault.Fired > 5, $"the fault fired {fault.Fired} times");
        Assert.Empty(first.Errors); // each one was looked up and found at once
        Assert.Equal("ok", _census.Verdict());
        AssertExactlyOnceAfterACleanRun();
    }
}
