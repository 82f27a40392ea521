using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Shopify;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Adapters;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Tests.Infrastructure;

namespace AlloyShopifySlack.Tests.Sync.Realistic;

/// <summary>
/// The sync engine with its real adapters against the emulator's realistic profile (metadata dropped, history at 15
/// messages a page and one call per interval), on the emulator's frozen clock: every wait moves emulated time, so the
/// emulator clock measures how long a run would take and nothing sleeps. Each run gets new clients, as a new process would.
/// </summary>
public sealed class RealisticSyncHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private RealisticSyncHarness(EmulatorServer emulator)
    {
        Emulator = emulator;
        Clock = new EmulatorLinkedClock(emulator.State.Clock);
        StateDirectory = Directory.CreateTempSubdirectory("alloyps-realistic-").FullName;
    }

    public EmulatorServer Emulator { get; }
    public EmulatorLinkedClock Clock { get; }
    public string StateDirectory { get; }
    public string Channel => Emulator.Tenant.ChannelId;
    public LedgerPaths Paths => new(StateDirectory, Emulator.Tenant.UserId, Emulator.Tenant.ShopifyCredentialId);
    public DateTimeOffset Now => Emulator.State.Clock.UtcNow;
    public int HistoryRequests => Emulator.State.Counters["slack/conversations_history"];

    public static async Task<RealisticSyncHarness> StartAsync(double historyIntervalSeconds = 2) =>
        new(await EmulatorServer.StartAsync(new EmulatorOptions { OrderCount = 0, SlackRateLimit = false,
            ShopifyThrottling = false, Now = Start }
            .UseRealisticProfile(historyIntervalSeconds)));

    /// <summary>Orders of one total, neither test nor cancelled, created a second apart from <paramref name="ago"/> before now.</summary>
    public IReadOnlyList<string> AddOrders(int count, decimal total, TimeSpan ago) =>
        Emulator.State.Shopify.AddGenerated(count, Now - ago, overrides: new OrderOverrides { Total = total, Test = false,
            Cancelled = false })
            .Select(o => o.Id).ToList();

    /// <summary>Messages from people in the channel (no alert identity), posted a second apart.</summary>
    public async Task ChatterAsync(int count)
    {
        var slack = new SlackClient(EmulatorClients.Client(Emulator, Clock), Emulator.Tenant.SlackCredentialId);
        for (var n = 0; n < count; n++)
        {
            await slack.PostMessageAsync(Channel, new SlackMessage("chatter " + n), CancellationToken.None);
            Emulator.State.Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    public OrderSyncOptions Options(bool noDigest = true, TimeSpan? budget = null) => new()
    {
        MinimumTotal = 500m,
        Routes = new RouteTable(null, Channel),
        NoDigest = noDigest,
        ReconcileBudget = budget ?? TimeSpan.FromMinutes(5),
    };

    public Task<OrderSyncRun> RunAsync(OrderSyncOptions? options = null)
    {
        var client = EmulatorClients.Client(Emulator, Clock);
        var tenant = Emulator.Tenant;
        var shopify = new ShopifyClient(client, tenant.ShopifyCredentialId, "shopify", tenant.StoreDomain, Clock);
        var slack = new SlackClient(client, tenant.SlackCredentialId, clock: Clock);
        var dependencies = new OrderSyncDependencies(new ShopifyOrderSource(shopify), new SlackAlertPoster(slack),
            new OrderAlertComposer(new OrderMessageOptions()), Clock);
        var engine = new OrderSyncEngine(dependencies, options ?? Options());
        var target = new SyncTarget { Tenant = tenant.UserId, Shop = tenant.ShopifyCredentialId, StatePath = StateDirectory };
        return engine.RunAsync(target, async ct => await FileOrderLedger.OpenAsync(Paths,
            new FileLedgerOptions { LockTimeout = TimeSpan.FromSeconds(5) }, Clock, ct), CancellationToken.None);
    }

    public FileOrderLedger ReadLedger() => FileOrderLedger.OpenReadOnly(Paths);

    /// <summary>Messages per order number in every channel, read as the client reads history (metadata if any, block ids).</summary>
    public Dictionary<string, int> MessagesPerOrder()
    {
        var counts = new Dictionary<string, int>();
        foreach (var message in Emulator.State.Slack.AllMessages())
        {
            var json = JsonDocument.Parse(message.ToJson(Emulator.State.Slack.Identity, includeMetadata: true).ToJsonString()).RootElement;
            foreach (var number in MessageIdentity.Read(json).OrderNumbers) counts[number] = counts.GetValueOrDefault(number) + 1;
        }
        return counts;
    }

    /// <summary>"ok" when each of <paramref name="orderIds"/> has exactly one message and no other order has any.</summary>
    public string Verdict(IEnumerable<string> orderIds)
    {
        var wanted = orderIds.Select(AlertBlockIds.OrderNumber).ToHashSet();
        var counts = MessagesPerOrder();
        var wrong = wanted.Where(n => counts.GetValueOrDefault(n) != 1).Select(n => $"{n}×{counts.GetValueOrDefault(n)}")
            .Concat(counts.Keys.Where(n => !wanted.Contains(n)).Select(n => $"stray {n}")).ToList();
        return wrong.Count == 0 ? "ok" : string.Join(", ", wrong);
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        try { Directory.Delete(StateDirectory, recursive: true); } catch (IOException) { }
    }
}
