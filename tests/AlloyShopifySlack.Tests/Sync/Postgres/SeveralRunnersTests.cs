using System.Diagnostics;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Tests.Sync.Crash;
using Xunit.Abstractions;

namespace AlloyShopifySlack.Tests.Sync.Postgres;

/// <summary>
/// Several runners sharing the sync state in a real PostgreSQL, over the same 50 tenants: started together, killed
/// at random, and with the database restarted under them. Every qualifying order must end with exactly one message
/// in every tenant's channel.
/// </summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class SeveralRunnersTests : IAsyncLifetime
{
    private const int TenantCount = 50;
    private static readonly TimeSpan RunnerTimeout = TimeSpan.FromMinutes(2);
    private readonly ITestOutputHelper _output;
    private EmulatorServer _emulator = null!;
    private string _folder = null!;

    public SeveralRunnersTests(ITestOutputHelper output) { _output = output; }

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OrderCount = 0, SlackRateLimit = false,
            ShopifyThrottling = false });
        _folder = Directory.CreateTempSubdirectory("alloyps-fleet-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private string StartFile(int round) => Path.Combine(_folder, $"go-{round}");

    /// <summary>Waits until <paramref name="runners"/> runners of the round have imported the module, then starts them.</summary>
    private async Task GoAsync(int round, int runners)
    {
        var deadline = Stopwatch.StartNew();
        while (Directory.GetFiles(_folder, $"go-{round}.ready-*").Length < runners)
        {
            if (deadline.Elapsed > RunnerTimeout) throw new TimeoutException("The runners did not start.");
            await Task.Delay(10);
        }
        File.WriteAllText(StartFile(round), "go");
    }

    private FleetRunner Runner(string connection, TenantFleet fleet, int round) =>
        FleetRunner.Start(_emulator, connection, fleet.Csv, StartFile(round));

    [Fact]
    public async Task Two_runners_started_together_sync_each_tenant_once_per_round_and_alert_each_order_once()
    {
        var connection = await (await PostgresServer.Shared).CreateDatabaseAsync();
        var fleet = new TenantFleet(_emulator, TenantCount, _folder);
        for (var round = 1; round <= 2; round++)
        {
            fleet.AddOrders(3, 750m);
            fleet.AddOrders(2, 100m);
            using var first = Runner(connection, fleet, round);
            using var second = Runner(connection, fleet, round);
            await GoAsync(round, 2);
            var one = await first.WaitAsync(RunnerTimeout);
            var two = await second.WaitAsync(RunnerTimeout);
            _output.WriteLine($"round {round}: first {one}; second {two}");
            Assert.True(one.Succeeded, one.ToString());
            Assert.True(two.Succeeded, two.ToString());
            foreach (var tenant in fleet.Tenants)
            {
                var statuses = new[] { one.Tenants[tenant].Status, two.Tenants[tenant].Status }.OrderBy(s => s).ToArray();
                Assert.True(statuses.SequenceEqual(new[] { "Skipped", "Synced" }), $"round {round}, " +
                    $"tenant {tenant}: {string.Join(", ", statuses)}");
            }
            _output.WriteLine($"  synced by the first {one.Tenants.Count(t => t.Value.Status == "Synced")}, by the " +
                $"second {two.Tenants.Count(t => t.Value.Status == "Synced")}");
            Assert.Equal(fleet.Expected, one.Tenants.Values.Sum(t => t.Sent) + two.Tenants.Values.Sum(t => t.Sent)
                + (round == 2 ? TenantCount * 3 : 0));
            Assert.Equal("ok", fleet.Verdict());
        }
    }

    [Fact]
    public async Task Killing_one_runner_at_random_moments_while_the_other_goes_on_loses_and_doubles_nothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ALLOYPS_CRASH_SEED"), out var s) ? s : 20250313;
        var random = new Random(seed);
        _output.WriteLine($"seed {seed} (set ALLOYPS_CRASH_SEED to replay)");
        var connection = await (await PostgresServer.Shared).CreateDatabaseAsync();
        var fleet = new TenantFleet(_emulator, 20, _folder);
        fleet.AddOrders(2, 900m);
        // The one that keeps going: round after round over the same tenants, for the whole test.
        using var survivor = FleetRunner.Start(_emulator, connection, fleet.Csv, StartFile(0),
            "-Continuous -IntervalSeconds 1 -MaxIterations 1000");
        await GoAsync(0, 1);
        var kills = 0;
        var watch = Stopwatch.StartNew();
        for (var round = 1; kills < 10 && round <= 16; round++)
        {
            fleet.AddOrders(random.Next(1, 4), 900m);
            fleet.AddOrders(1, 50m);
            using var victim = Runner(connection, fleet, round);
            var before = fleet.Messages;
            var postsBeforeKill = random.Next(0, Math.Max(1, (fleet.Expected - before) / 2));
            await GoAsync(round, 1);
            var deadline = Stopwatch.StartNew();
            while (fleet.Messages < before + postsBeforeKill && !victim.HasExited && deadline.Elapsed < RunnerTimeout) await Task.Delay(1);
            var killed = !victim.HasExited;
            victim.Kill();
            if (killed) kills++;
            _output.WriteLine($"round {round}: kill after {postsBeforeKill} posts " +
                $"→ {(killed ? "killed" : "it had finished")}; {fleet.Messages - before} posted, {watch.Elapsed.TotalSeconds:0} s");
            Assert.False(survivor.HasExited, "the runner that keeps going stopped");
            Assert.Equal(0, fleet.Doubled());
        }
        survivor.Kill();
        var kept = await survivor.WaitAsync(RunnerTimeout);
        Assert.True(kept.Tenants.Count == fleet.Tenants.Count, "the runner that kept going synced every tenant: " + kept);

        using var final = Runner(connection, fleet, 99);
        await GoAsync(99, 1);
        var last = await final.WaitAsync(RunnerTimeout);
        _output.WriteLine($"final run: {last}; {kills} kills landed mid-run; {fleet.Expected} alerts due, {fleet.Messages} " +
            $"messages; {watch.Elapsed.TotalSeconds:0} s");
        Assert.True(last.Succeeded, last.ToString());
        Assert.Equal("ok", fleet.Verdict());
        Assert.True(kills >= 10, $"only {kills} kills landed before the runner finished");
    }

    [Fact]
    public async Task The_database_restarted_mid_run_fails_the_run_clearly_doubles_nothing_and_the_next_run_settles()
    {
        await using var server = await PostgresServer.StartAsync();
        var connection = await server.CreateDatabaseAsync();
        var fleet = new TenantFleet(_emulator, 20, _folder);
        fleet.AddOrders(10, 1200m);
        using var runner = Runner(connection, fleet, 1);
        await GoAsync(1, 1);
        var deadline = Stopwatch.StartNew();
        while (fleet.Messages < 40 && !runner.HasExited && deadline.Elapsed < RunnerTimeout) await Task.Delay(1);
        Assert.False(runner.HasExited, "the run finished before the database could be restarted");
        server.Stop();
        server.Start();
        var broken = await runner.WaitAsync(RunnerTimeout);
        _output.WriteLine($"during the restart: {broken}; {fleet.Messages} of {fleet.Expected} posted");
        Assert.False(broken.Succeeded);
        Assert.Contains("sync state database", broken.Output + broken.Errors);
        Assert.DoesNotContain(server.Password, broken.Output + broken.Errors);
        Assert.Equal(0, fleet.Doubled());

        using var next = Runner(connection, fleet, 2);
        await GoAsync(2, 1);
        var settled = await next.WaitAsync(RunnerTimeout);
        _output.WriteLine($"next run: {settled}");
        Assert.True(settled.Succeeded, settled.ToString());
        Assert.Equal("ok", fleet.Verdict());
    }
}
