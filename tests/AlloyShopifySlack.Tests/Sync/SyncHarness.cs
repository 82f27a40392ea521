using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>An engine wired to fakes, a fake clock and a ledger in a temporary folder.</summary>
public sealed class SyncHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public SyncHarness()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("alloyps-sync-").FullName;
        Paths = new LedgerPaths(Directory, "user1", "shop1");
    }

    private int _added;

    public string Directory { get; }
    public LedgerPaths Paths { get; }
    public FakeClock Clock { get; } = new(Start);
    public FakeOrderSource Source { get; } = new();
    public FakeAlertPoster Poster { get; } = new();
    public FakeComposer Composer { get; } = new();
    public FakeTagger Tagger { get; } = new();

    public OrderSyncOptions Options(decimal minimum = 500m, string? channel = "C_DEFAULT", params OrderRoute[] routes) => new()
    {
        MinimumTotal = minimum,
        Routes = new RouteTable(routes, channel),
    };

    public Task<OrderSyncRun> RunAsync(OrderSyncOptions? options = null, CancellationToken cancellationToken = default)
    {
        var dependencies = new OrderSyncDependencies(Source, Poster, Composer, Clock) { Tagger = Tagger };
        var engine = new OrderSyncEngine(dependencies, options ?? Options());
        var target = new SyncTarget { Tenant = "user1", Shop = "shop1", StatePath = Directory };
        return engine.RunAsync(target, ct => OpenLedgerAsync(ct), cancellationToken);
    }

    public async Task<IOrderLedger> OpenLedgerAsync(CancellationToken cancellationToken = default) =>
        await FileOrderLedger.OpenAsync(Paths, new FileLedgerOptions { LockTimeout = TimeSpan.FromSeconds(2) }, Clock, cancellationToken);

    public FileOrderLedger ReadLedger() => FileOrderLedger.OpenReadOnly(Paths);

    /// <summary>A sync state that has run before (a checkpoint two hours back), so the run does not treat it as new or lost.</summary>
    public async Task KnownStateAsync()
    {
        using var ledger = await OpenLedgerAsync();
        ledger.SetCheckpoint(Clock.UtcNow.AddHours(-2), Clock.UtcNow.AddHours(-2));
    }

    /// <summary>Orders created a few minutes before "now", numbered from 1001.</summary>
    public void AddOrders(params decimal[] totals)
    {
        foreach (var total in totals)
        {
            var n = ++_added;
            Source.Add(1000 + n, total, Clock.UtcNow.AddMinutes(-60 + n));
        }
    }

    /// <summary>Slack refusing a post with <paramref name="code"/> (as the Slack client reports it).</summary>
    public static ProviderException SlackRefusal(string code) => new("Slack", code, "Slack refused the message: " + code);

    /// <summary>Exactly these orders were alerted, each in exactly one message.</summary>
    public void AssertEachAlertedOnce(params string[] orderNames)
    {
        var counts = Poster.AlertsPerOrder();
        foreach (var name in orderNames)
        {
            var id = "gid://shopify/Order/" + name.TrimStart('#');
            Assert.True(counts.TryGetValue(id, out var n) && n == 1, $"{name} was " +
                $"alerted {(counts.TryGetValue(id, out var m) ? m : 0)} times");
        }
        Assert.Equal(orderNames.Length, counts.Count);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
