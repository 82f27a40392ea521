using AlloyShopifySlack.Common;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Tests.Shopify;

public class OrderPagingTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 15, 0, 0, 0, TimeSpan.Zero);

    internal static async Task<List<OrderReadResult>> ReadAll(FakeShopifyAlloy fake, OrderQuery query, FakeClock? clock = null,
        RecordingLog? log = null)
    {
        clock ??= new FakeClock();
        using var alloy = FakeShopifyAlloy.Client(fake, clock);
        var shopify = new ShopifyClient(alloy, "cred1", storeDomain: "demo-store", clock: clock);
        var results = new List<OrderReadResult>();
        using (OperationContext.Use(log ?? new RecordingLog()))
        {
            await foreach (var result in shopify.ReadOrderResultsAsync(query, CancellationToken.None)) results.Add(result);
        }
        return results;
    }

    private static void AssertEachOnceInOrder(FakeShopifyAlloy fake, IEnumerable<OrderReadResult> results)
    {
        var ids = results.Where(r => r.Order != null).Select(r => r.Order!.Id).ToList();
        Assert.Equal(fake.Orders.OrderBy(o => o.CreatedAt).ThenBy(o => o.Number).Select(o => o.Id), ids);
    }

    [Fact]
    public async Task Cursor_paging_reads_every_order_once_with_the_fewest_calls()
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(600, Start.AddMinutes(1));

        var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start });

        AssertEachOnceInOrder(fake, results);
        Assert.Equal(3, fake.ListOrdersCalls.Count);
        Assert.Null(fake.ListOrdersCalls[0]["queryParameters"]!["after"]);
        Assert.Equal("c250", (string?)fake.ListOrdersCalls[1]["queryParameters"]!["after"]);
        Assert.Equal("c500", (string?)fake.ListOrdersCalls[2]["queryParameters"]!["after"]);
        Assert.All(fake.ListOrdersCalls, call =>
        {
            Assert.Equal(250, (int)call["queryParameters"]!["first"]!);
            Assert.Equal("CREATED_AT", (string?)call["queryParameters"]!["sortKey"]);
            Assert.Equal("cred1", (string?)call["credentialId"]);
        });
    }

    [Fact]
    public async Task The_query_quotes_dates_and_ands_the_users_query_in_parentheses()
    {
        var fake = new FakeShopifyAlloy();
        await ReadAll(fake, new OrderQuery
        {
            CreatedAfter = new DateTimeOffset(2024, 1, 15, 1, 0, 0, TimeSpan.FromHours(1)),
            CreatedBefore = new DateTimeOffset(2024, 1, 16, 0, 0, 0, TimeSpan.Zero),
            Query = "financial_status:paid OR tag:vip",
        });

        Assert.Equal("created_at:>='2024-01-15T00:00:00Z' AND created_at:<'2024-01-16T00:00:00Z' AND (financial_status:paid OR tag:vip)",
            (string?)fake.ListOrdersCalls.Single()["queryParameters"]!["query"]);
    }

    [Fact]
    public async Task Without_pageInfo_a_created_at_window_reads_every_order_once()
    {
        var fake = new FakeShopifyAlloy { WithPageInfo = false };
        fake.AddOrders(600, Start.AddMinutes(1));

        var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start });

        AssertEachOnceInOrder(fake, results);
        // Each window starts at the second of the last order read and re-reads that one order; still ceil(600/250) calls.
        Assert.Equal(3, fake.ListOrdersCalls.Count);
        Assert.All(fake.ListOrdersCalls, call => Assert.Null(call["queryParameters"]!["after"]));
        Assert.Contains($"created_at:>='{Start.AddMinutes(1).AddSeconds(249):yyyy-MM-dd'T'HH:mm:ss'Z'}'",
            (string?)fake.ListOrdersCalls[1]["queryParameters"]!["query"]);
    }

    [Fact]
    public async Task Many_orders_sharing_one_second_across_a_page_boundary_come_once_each()
    {
        var fake = new FakeShopifyAlloy { WithPageInfo = false };
        fake.AddOrders(30, Start.AddMinutes(1));
        var crowded = Start.AddMinutes(5);
        for (var i = 0; i < 120; i++) fake.Add(crowded);
        fake.AddOrders(30, Start.AddMinutes(10));

        var log = new RecordingLog();
        var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start, PageSize = 50 }, log: log);

        AssertEachOnceInOrder(fake, results);
        Assert.DoesNotContain(results, r => r.Problem != null);
        Assert.Equal(250, (int)fake.ListOrdersCalls.Last()["queryParameters"]!["first"]!); // raised when a full page made no progress
        Assert.Contains(log.Lines, l => l.Message.Contains("raising the page size"));
    }

    [Fact]
    public async Task More_orders_in_one_second_than_a_page_holds_are_read_by_id()
    {
        var fake = new FakeShopifyAlloy { WithPageInfo = false };
        fake.AddOrders(10, Start.AddMinutes(1));
        var crowded = Start.AddMinutes(5);
        for (var i = 0; i < 600; i++) fake.Add(crowded);
        fake.AddOrders(10, Start.AddMinutes(10));

        var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start });

        AssertEachOnceInOrder(fake, results);
        Assert.DoesNotContain(results, r => r.Problem != null);
        Assert.Contains(fake.ListOrdersCalls, c => (string?)c["queryParameters"]!["sortKey"] == "ID"
            && ((string?)c["queryParameters"]!["query"])!.Contains("id:>"));
        Assert.True(fake.ListOrdersCalls.Count < 12, $"{fake.ListOrdersCalls.Count} calls");
    }

    [Fact]
    public async Task When_nothing_can_split_a_crowded_second_the_gap_is_reported_and_the_read_goes_on()
    {
        var fake = new FakeShopifyAlloy { WithPageInfo = false, HonourIdFilter = false };
        var crowded = Start.AddMinutes(5);
        for (var i = 0; i < 300; i++) fake.Add(crowded);
        var later = Enumerable.Range(0, 5).Select(i => fake.Add(Start.AddMinutes(10 + i))).ToList();

        var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start });

        var problem = Assert.Single(results, r => r.Problem != null).Problem;
        Assert.IsType<IncompleteOrderReadException>(problem);
        Assert.Contains("2024-01-15T00:05:00Z", problem!.Message);
        var ids = results.Where(r => r.Order != null).Select(r => r.Order!.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(250, ids.Count(id => fake.Orders.First(o => o.Id == id).CreatedAt == crowded));
        Assert.All(later, o => Assert.Contains(o.Id, ids));
    }

    [Fact]
    public async Task An_answer_that_loses_its_pageInfo_midway_continues_by_window_without_repeats()
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(700, Start.AddMinutes(1));
        fake.Transform = (call, answer) =>
        {
            if (call >= 1) answer["data"]!["orders"]!.AsObject().Remove("pageInfo");
            return answer;
        };

        var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start });

        AssertEachOnceInOrder(fake, results);
    }

    [Fact]
    public async Task Orders_before_the_window_that_a_sloppy_server_returns_again_are_not_repeated()
    {
        var fake = new FakeShopifyAlloy { WithPageInfo = false };
        fake.AddOrders(600, Start.AddMinutes(1));
        var first = fake.Orders[0].ToNode();
        fake.Transform = (call, answer) =>
        {
            // As if an OR in the user's query escaped the date bound: the very first order comes back on every page.
            if (call >= 1) answer["data"]!["orders"]!["edges"]!.AsArray().Insert(0,
                new System.Text.Json.Nodes.JsonObject { ["node"] = first.DeepClone() });
            return answer;
        };

        var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start });

        AssertEachOnceInOrder(fake, results);
    }

    [Fact]
    public async Task An_answer_not_sorted_by_creation_without_cursors_is_reported()
    {
        var fake = new FakeShopifyAlloy { WithPageInfo = false, HonourSortKey = false };
        fake.AddOrders(20, Start.AddMinutes(1));

        var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start });

        Assert.Contains(results, r => r.Problem is IncompleteOrderReadException p && p.Message.Contains("did not sort"));
    }
}
