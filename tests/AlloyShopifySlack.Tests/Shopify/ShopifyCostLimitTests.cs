using AlloyShopifySlack.Common;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AlloyShopifySlack.Tests.Shopify;

/// <summary>
/// Reading orders from the realistic Shopify of the in-process emulator: a single-query cost limit of 1,000 points
/// (refused inside a 200 or as a 4xx), and an `after` cursor that is ignored. Throttling stays on: the client's
/// waits move the emulator clock, so pacing costs no real time.
/// </summary>
public sealed class ShopifyCostLimitTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly OrderQuery Everything = new() { CreatedAfter = Now.AddDays(-30) };
    private readonly ITestOutputHelper _output;

    public ShopifyCostLimitTests(ITestOutputHelper output) => _output = output;

    internal static EmulatorOptions Capped(int orders, int refusalStatus = 200, bool ignoreAfter = false) => new()
    {
        Now = Now, OrderCount = orders, OrderDays = 7, ShopifyMaxQueryCost = 1000, ShopifyCostRefusalStatus = refusalStatus,
            IgnoreAfterCursor = ignoreAfter,
    };

    /// <summary>A client for the emulator's store, starting as a new session would (nothing learnt).</summary>
    internal static ShopifyClient NewSession(EmulatorServer emulator, out EmulatorLinkedClock clock)
    {
        clock = new EmulatorLinkedClock(emulator.State.Clock);
        var shopify = new ShopifyClient(EmulatorClients.Client(emulator, clock), emulator.Tenant.ShopifyCredentialId,
            storeDomain: "shop", clock: clock);
        shopify.PageSizeThatFits = null;
        return shopify;
    }

    private static async Task<List<ShopifyOrder>> ReadAsync(ShopifyClient shopify, OrderQuery query, RecordingLog? log = null)
    {
        var orders = new List<ShopifyOrder>();
        using (OperationContext.Use(log ?? new RecordingLog()))
            await foreach (var order in shopify.ReadOrdersAsync(query, CancellationToken.None)) orders.Add(order);
        return orders;
    }

    private static void AssertEveryOrderOnceInOrder(EmulatorServer emulator, IEnumerable<ShopifyOrder> orders) =>
        Assert.Equal(emulator.State.Shopify.Orders.Select(o => o.Id), orders.Select(o => o.Id));

    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    public async Task Four_hundred_orders_are_read_under_the_cost_limit_each_exactly_once(int refusalStatus)
    {
        await using var emulator = await EmulatorServer.StartAsync(Capped(400, refusalStatus));
        var shopify = NewSession(emulator, out var clock);
        var log = new RecordingLog();
        try
        {
            var orders = await ReadAsync(shopify, Everything, log);

            AssertEveryOrderOnceInOrder(emulator, orders);
            // 250 costs 3002: refused once, then 250 × 900 / 3002 = 74 a page (890 points): ceil(400 / 74) = 6 pages.
            Assert.Equal(74, shopify.PageSizeThatFits);
            Assert.Equal(1 + 6, emulator.State.Counters["listOrders"]);
            Assert.DoesNotContain(log.Warnings, w => w.Contains("PageSize")); // the default size is not the caller's choice
            Assert.Contains(log.Lines, l => l.Level == LogLevel.Verbose && l.Message.Contains("3002")
                && l.Message.Contains("74 orders a page"));
            // Throttling stays honoured: each page asks for 890 of the bucket's 1000 points (refilling at 100 a second).
            Assert.True(clock.Waited > TimeSpan.FromSeconds(5), $"waited {clock.Waited}");
        }
        finally { shopify.PageSizeThatFits = null; }
    }

    [Fact]
    public async Task The_learnt_page_size_is_used_by_the_next_read_of_the_session()
    {
        await using var emulator = await EmulatorServer.StartAsync(Capped(400, ignoreAfter: false));
        var first = NewSession(emulator, out _);
        try
        {
            await ReadAsync(first, Everything);
            var firstCalls = emulator.State.Counters["listOrders"];
            emulator.State.Shopify.Bucket.Fill(); // a while later: a new client knows nothing of the bucket

            var next = new ShopifyClient(EmulatorClients.Client(emulator), emulator.Tenant.ShopifyCredentialId, storeDomain: "shop");
            var log = new RecordingLog();
            var orders = await ReadAsync(next, new OrderQuery { CreatedAfter = Everything.CreatedAfter, PageSize = 250,
                PageSizeChosen = true }, log);

            AssertEveryOrderOnceInOrder(emulator, orders);
            Assert.Equal(7, firstCalls);
            Assert.Equal(6, emulator.State.Counters["listOrders"] - firstCalls); // no refusal this time
            var warning = Assert.Single(log.Warnings);
            Assert.Contains("-PageSize 250 is too large", warning);
            Assert.Contains("-PageSize 74", warning);
        }
        finally { first.PageSizeThatFits = null; }
    }

    [Fact]
    public async Task A_chosen_page_size_that_is_refused_gives_one_warning_naming_the_size_that_fits()
    {
        await using var emulator = await EmulatorServer.StartAsync(Capped(300, refusalStatus: 422));
        var shopify = NewSession(emulator, out _);
        var log = new RecordingLog();
        try
        {
            var orders = await ReadAsync(shopify, new OrderQuery { CreatedAfter = Everything.CreatedAfter, PageSize = 200,
                PageSizeChosen = true }, log);

            AssertEveryOrderOnceInOrder(emulator, orders);
            var warning = Assert.Single(log.Warnings);
            // 200 costs 2402: 200 × 900 / 2402 = 74.
            Assert.Equal("-PageSize 200 is too large for this store: Shopify refused a page of 200 orders because its query cost is 2402 " +
                "points, over Shopify's " +
                         "single-query limit of 1000. Reading on with -PageSize 74, which fits; pass -PageSize 74 to start " +
                             "there.", warning);
        }
        finally { shopify.PageSizeThatFits = null; }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_ignored_cursor_ends_with_every_order_exactly_once_in_finite_calls(bool capped)
    {
        var options = capped ? Capped(400, ignoreAfter: true) : new EmulatorOptions { Now = Now, OrderCount = 600,
            IgnoreAfterCursor = true };
        await using var emulator = await EmulatorServer.StartAsync(options);
        var shopify = NewSession(emulator, out _);
        var log = new RecordingLog();
        try
        {
            var orders = await ReadAsync(shopify, Everything, log);

            AssertEveryOrderOnceInOrder(emulator, orders);
            Assert.Contains(log.Lines, l => l.Message.Contains("ignores `after`"));
            // One page by cursor, the repeated page, then windows that re-read one order each: a page or two over the minimum.
            var pageSize = capped ? 74 : 250;
            var minimum = (orders.Count + pageSize - 1) / pageSize;
            Assert.InRange(emulator.State.Counters["listOrders"], minimum + 1, minimum + (capped ? 3 : 2));
        }
        finally { shopify.PageSizeThatFits = null; }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Newest_reads_the_n_newest_orders_newest_first_with_cursors_or_windows(bool ignoreAfter)
    {
        await using var emulator = await EmulatorServer.StartAsync(Capped(600, ignoreAfter: ignoreAfter));
        var shopify = NewSession(emulator, out _);
        try
        {
            var orders = await ReadAsync(shopify, new OrderQuery { NewestFirst = true, Limit = 200 });

            var expected = emulator.State.Shopify.Orders.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Number).Take(200)
                .Select(o => o.Id);
            Assert.Equal(expected, orders.Select(o => o.Id));
            Assert.InRange(emulator.State.Counters["listOrders"], 4, ignoreAfter ? 6 : 4); // a refusal, then 74 + 74 + 52
        }
        finally { shopify.PageSizeThatFits = null; }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task List_calls_per_thousand_orders_under_the_cost_limit(bool ignoreAfter)
    {
        await using var emulator = await EmulatorServer.StartAsync(Capped(1000, ignoreAfter: ignoreAfter));
        var shopify = NewSession(emulator, out _);
        try
        {
            var first = await ReadAsync(shopify, Everything);
            var firstCalls = emulator.State.Counters["listOrders"];
            emulator.State.Shopify.Bucket.Fill(); // the next run, a while later
            var later = await ReadAsync(new ShopifyClient(EmulatorClients.Client(emulator), emulator.Tenant.ShopifyCredentialId,
                storeDomain: "shop"), Everything);
            var laterCalls = emulator.State.Counters["listOrders"] - firstCalls;

            _output.WriteLine($"ignoreAfter={ignoreAfter}: first read {firstCalls} listOrders calls per {first.Count} orders, later " +
                $"read {laterCalls}");
            AssertEveryOrderOnceInOrder(emulator, first);
            AssertEveryOrderOnceInOrder(emulator, later);
            Assert.InRange(firstCalls, 15, ignoreAfter ? 17 : 15); // 1 refusal + ceil(1000 / 74) = 14 pages
            Assert.Equal(firstCalls - 1, laterCalls);
        }
        finally { shopify.PageSizeThatFits = null; }
    }
}
