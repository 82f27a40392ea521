using System.Diagnostics;
using AlloyShopifySlack.Emulator;
using Xunit.Abstractions;

namespace AlloyShopifySlack.Tests.Sync.Crash;

/// <summary>The emulator-backed sync tests share a collection: each is heavy, and they must not compete for the CPU.</summary>
[CollectionDefinition(Name)]
public sealed class EmulatorSyncCollection
{
    public const string Name = "Sync against the emulator";
}

/// <summary>
/// Exactly once across crashes: Invoke-OrderSync in child processes, SIGKILLed at random points of its progress
/// again and again, each rerun picking up where the last one died; then one final run. Every qualifying order must
/// have exactly one Slack message, none missing, nothing else posted. Between runs alerted orders are cancelled,
/// refunded, edited and fulfilled, so that runs mix alerts and follow-ups: every change must end up in its alert
/// and in its thread, with no reply lost or doubled.
/// </summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class CrashTests : IAsyncLifetime
{
    private const string Routes = "-NoDigest -ChannelRate 100 -LockTimeoutSeconds 120 -Route (New-OrderRoute -MinimumTotal 10000 " +
        "-Channel C0VIPORDERS), (New-OrderRoute -MinimumTotal 2000 -Channel C0OPSTEAM01)";
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(3);
    private readonly ITestOutputHelper _output;
    private EmulatorServer _emulator = null!;
    private AlertCensus _census = null!;
    private FollowUpCensus _followUps = null!;
    private string _state = null!;

    public CrashTests(ITestOutputHelper output) { _output = output; }

    public Task InitializeAsync()
    {
        _state = Directory.CreateTempSubdirectory("alloyps-crash-").FullName;
        return Task.CompletedTask;
    }

    /// <summary>
    /// The emulator of one test. Realistic: metadata dropped (only block ids find an alert again) and history at 15
    /// messages a call and one call per channel per second (real seconds: the children run on the system clock).
    /// </summary>
    private async Task StartAsync(bool realistic = false)
    {
        var options = new EmulatorOptions { OrderCount = 0, SlackRateLimit = false, ShopifyThrottling = false };
        _emulator = await EmulatorServer.StartAsync(realistic ? options.UseRealisticProfile(historyIntervalSeconds: 1) : options);
        _census = new AlertCensus(_emulator);
        _followUps = new FollowUpCensus(_emulator, _census);
    }

    public async Task DisposeAsync()
    {
        if (_emulator != null) await _emulator.DisposeAsync();
        try { Directory.Delete(_state, recursive: true); } catch (IOException) { }
    }

    private static int Seed()
    {
        var text = Environment.GetEnvironmentVariable("ALLOYPS_CRASH_SEED");
        return int.TryParse(text, out var seed) ? seed : 20250301;
    }

    [Fact]
    public async Task Killing_the_sync_at_random_moments_never_loses_or_doubles_an_alert()
    {
        await StartAsync();
        await KillAtRandomAsync(kills: 22, maxRounds: 32, scale: 10);
    }

    /// <summary>The same under the realistic profile, smaller: every lookup pages through history at one call a second.</summary>
    [Fact]
    public async Task Killing_the_sync_at_random_moments_never_loses_or_doubles_an_alert_under_the_realistic_profile()
    {
        await StartAsync(realistic: true);
        await KillAtRandomAsync(kills: 10, maxRounds: 16, scale: 2);
        Assert.DoesNotContain("(no key)", _census.MessagesPerOrder().Keys);
        Assert.All(_emulator.State.Slack.AllMessages(), m => Assert.Null(m.Metadata)); // only block ids found them
    }

    /// <summary>Rounds of kills at random points, then a final run; <paramref name="scale"/> sizes the store (10: 200 qualifying orders to
    /// start).</summary>
    private async Task KillAtRandomAsync(int kills, int maxRounds, int scale)
    {
        var seed = Seed();
        var random = new Random(seed);
        _output.WriteLine($"seed {seed} (set ALLOYPS_CRASH_SEED to replay)");
        _census.Add(15 * scale, 750m);
        _census.Add(3 * scale, 12000m);
        _census.Add(2 * scale, 2500m);
        _census.Add(4 * scale, 120m);
        var watch = Stopwatch.StartNew();
        var killedMidRun = 0;

        for (var round = 1; killedMidRun < kills && round <= maxRounds; round++)
        {
            var changes = 0;
            if (round > 1)
            {
                _census.Add(Math.Max(1, random.Next(4, 12) * scale / 10), 750m);
                _census.Add(random.Next(0, 3), 15000m);
                _census.Add(random.Next(0, 3), 50m);
                changes = random.Next(0, 2 + scale / 2);
                _followUps.ChangeSome(random, changes);
            }
            var before = _census.MessageCount;
            var outstanding = Math.Max(1, _census.Qualifying - _census.MessagesPerOrder().Count + changes);
            // Where to kill: after a random number of this run's posts (landing anywhere in intent → post → settle),
            // or, one time in four, a random moment after its first request (fetch, reconcile, the first intent).
            var byRequests = random.Next(4) == 0;
            var postsBeforeKill = byRequests ? 0 : random.Next(0, Math.Max(1, outstanding * 9 / 10));
            var delayAfterFirstRequest = TimeSpan.FromMilliseconds(random.Next(0, 250));
            var requestsBefore = TotalRequests();

            using var child = SyncChild.Start(_emulator, _state, Routes);
            var killed = await KillWhenAsync(child, () => byRequests
                ? TotalRequests() > requestsBefore
                : _census.MessageCount >= before + postsBeforeKill, byRequests ? delayAfterFirstRequest : TimeSpan.Zero);
            if (killed) killedMidRun++;
            var (code, output, errors) = await child.WaitAsync(ChildTimeout);
            var how = byRequests ? $"kill {delayAfterFirstRequest.TotalMilliseconds:0} ms after the first request"
                : $"kill after {postsBeforeKill} of {outstanding} posts";
            _output.WriteLine($"round {round}: {how}" +
                              $" → {(killed ? "killed" : $"finished first (exit {code})")}, {_census.MessageCount - before} " +
                                  $"posted, {watch.Elapsed.TotalSeconds:0} s");
            if (!killed) Assert.True(code == 0, $"round {round} failed on its own (exit {code}): {errors} {output}");
            Assert.Empty(_census.Doubled());
        }

        var final = SyncChild.Start(_emulator, _state, Routes);
        var (finalCode, finalOutput, finalErrors) = await final.WaitAsync(ChildTimeout);
        final.Dispose();
        _output.WriteLine($"final run: exit {finalCode}, {finalOutput.Trim()}; {killedMidRun} runs were killed " +
            $"mid-run; {_census.Qualifying} qualifying orders, " +
                          $"{_followUps.Changes} changes, {_census.MessageCount} messages (replies " +
                              $"included); {watch.Elapsed.TotalSeconds:0} s");
        Assert.True(finalCode == 0, finalErrors + finalOutput);
        Assert.Equal("ok", _census.Verdict());
        Assert.Equal("ok", _followUps.Verdict());
        Assert.True(_followUps.Changes >= kills / 2, $"only {_followUps.Changes} changes were made");
        Assert.True(killedMidRun >= kills - 2, $"only {killedMidRun} kills landed before their run finished");
    }

    [Fact]
    public async Task Two_runs_started_at_once_alert_each_order_once()
    {
        await StartAsync();
        _census.Add(100, 750m);
        _census.Add(20, 12000m);
        _census.Add(20, 100m);
        using var first = SyncChild.Start(_emulator, _state, Routes);
        using var second = SyncChild.Start(_emulator, _state, Routes);
        var one = await first.WaitAsync(ChildTimeout);
        var two = await second.WaitAsync(ChildTimeout);
        _output.WriteLine($"first: exit {one.ExitCode} {one.Output.Trim()}; second: exit {two.ExitCode} {two.Output.Trim()}");
        Assert.True(one.ExitCode == 0, one.Errors + one.Output);
        Assert.True(two.ExitCode == 0, two.Errors + two.Output);
        Assert.Equal("ok", _census.Verdict());
        var sent = new[] { one.Output, two.Output }.Select(MessagesSent).OrderBy(n => n).ToArray();
        Assert.Equal(new[] { 0, 120 }, sent); // the lock made one wait, then it found everything done
    }

    /// <summary>From the child's "RESULT sent duplicates failed pending" line.</summary>
    private static int MessagesSent(string output) =>
        int.Parse(output.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Split(' ')[1]);

    private int TotalRequests() => _emulator.State.Counters.Snapshot().Values.Sum();

    /// <summary>Polls the emulator until the condition holds, then kills the child; false when the child finished first.</summary>
    private static async Task<bool> KillWhenAsync(SyncChild child, Func<bool> condition, TimeSpan extraDelay)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (child.HasExited) return false;
            if (deadline.Elapsed > ChildTimeout) throw new TimeoutException("The child sync made no progress.");
            await Task.Delay(1);
        }
        if (extraDelay > TimeSpan.Zero) await Task.Delay(extraDelay);
        if (child.HasExited) return false;
        child.Kill();
        return true;
    }
}
