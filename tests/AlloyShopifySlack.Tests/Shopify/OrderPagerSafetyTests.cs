using System.Net;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Tests.Shopify;

/// <summary>The pager against answers that would make a naive reader loop, or read nothing and call it done.</summary>
public class OrderPagerSafetyTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 15, 0, 0, 0, TimeSpan.Zero);

    private static async Task<List<OrderReadResult>> ReadAll(FakeShopifyAlloy fake, OrderQuery query, RecordingLog? log = null,
        string credential = "cred1")
    {
        var clock = new FakeClock();
        using var alloy = FakeShopifyAlloy.Client(fake, clock);
        var shopify = new ShopifyClient(alloy, credential, storeDomain: "demo-store", clock: clock);
        var results = new List<OrderReadResult>();
        try
        {
            using (OperationContext.Use(log ?? new RecordingLog()))
                await foreach (var result in shopify.ReadOrderResultsAsync(query, CancellationToken.None)) results.Add(result);
        }
        finally { shopify.PageSizeThatFits = null; }
        return results;
    }

    private static void AssertEachOnce(FakeShopifyAlloy fake, IEnumerable<OrderReadResult> results) =>
        Assert.Equal(fake.Orders.OrderBy(o => o.CreatedAt).ThenBy(o => o.Number).Select(o => o.Id),
            results.Where(r => r.Order != null).Select(r => r.Order!.Id));

    [Fact]
    public async Task An_ignored_after_falls_back_to_the_window_and_reads_every_order_once()
    {
        var fake = new FakeShopifyAlloy { HonourAfter = false };
        fake.AddOrders(600, Start.AddMinutes(1));
        var log = new RecordingLog();

        var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start }, log);

        AssertEachOnce(fake, results);
        Assert.Contains(log.Lines, l => l.Message.Contains("ignores `after`"));
        Assert.InRange(fake.ListOrdersCalls.Count, 4, 5); // page 1, its repeat, then windows of 250 from the edge second
        Assert.Null(fake.ListOrdersCalls.Last()["queryParameters"]!["after"]);
    }

    [Fact]
    public async Task The_same_endCursor_again_is_taken_for_an_ignored_cursor()
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(300, Start.AddMinutes(1));
        // A server that moves on but always names the cursor it was given (or c250 for the first page).
        fake.Transform = (call, answer) =>
        {
            var sent = (string?)fake.ListOrdersCalls[call]["queryParameters"]!["after"];
            if (sent != null) answer["data"]!["orders"]!["pageInfo"]!["endCursor"] = sent;
            return answer;
        };

        var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start, PageSize = 100 });

        AssertEachOnce(fake, results);
        Assert.InRange(fake.ListOrdersCalls.Count, 4, 6);
    }

    [Fact]
    public async Task A_server_that_ignores_both_the_cursor_and_the_window_is_stopped_with_a_clear_error()
    {
        var fake = new FakeShopifyAlloy { HonourAfter = false, HonourCreatedAt = false, HonourIdFilter = false };
        for (var i = 0; i < 300; i++) fake.Add(Start.AddMinutes(1)); // one crowded second: nothing can move on
        fake.AddOrders(300, Start.AddMinutes(2));

        var error = await Assert.ThrowsAsync<IncompleteOrderReadException>(
            () => ReadAll(fake, new OrderQuery { CreatedAfter = Start, PageSize = 50 }));

        Assert.Contains("keeps answering without moving on", error.Message);
        Assert.True(fake.ListOrdersCalls.Count <= 25, $"{fake.ListOrdersCalls.Count} calls");
    }

    [Theory]
    [InlineData("edges", "\"not a list\"", "data.orders.edges is a string, not a list")]
    [InlineData("edges", "[{\"node\":\"gid://shopify/Order/1\"}]", "data.orders.edges[0].node is a string, not an order object")]
    [InlineData("edges", "[7]", "data.orders.edges[0] is a number, not an order object")]
    [InlineData("nodes", "{\"id\":\"gid://shopify/Order/1\"}", "data.orders.nodes is an object, not a list")]
    [InlineData("nodes", "[null]", "data.orders.nodes[0] is null, not an order object")]
    [InlineData(null, "\"orders\"", "data.orders is a string, not an object (a connection) or a list")]
    [InlineData(null, "{\"pageInfo\":{\"hasNextPage\":false}}", "data.orders has neither edges nor nodes")]
    public async Task A_page_of_an_unexpected_shape_is_an_error_naming_the_field_never_zero_orders(string? field, string json,
        string expected)
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(3, Start.AddMinutes(1));
        fake.Transform = (call, answer) =>
        {
            if (field == null) answer["data"]!["orders"] = JsonNode.Parse(json);
            else
            {
                var orders = new JsonObject { [field] = JsonNode.Parse(json) };
                answer["data"]!["orders"] = orders;
            }
            return answer;
        };

        var error = await Assert.ThrowsAsync<AlloyMalformedResponseException>(() => ReadAll(fake, new OrderQuery { CreatedAfter = Start }));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_refusal_without_numbers_halves_the_page_and_one_order_too_costly_is_an_error()
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(200, Start.AddMinutes(1));
        fake.Scripted.Enqueue((HttpStatusCode.UnprocessableEntity, """{"message":"Shopify error: MAX_COST_EXCEEDED"}""", null));

        var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start }, credential: "cred-halves");

        AssertEachOnce(fake, results);
        Assert.Equal(125, (int)fake.ListOrdersCalls[1]["queryParameters"]!["first"]!);

        var stubborn = new FakeShopifyAlloy();
        stubborn.AddOrders(5, Start.AddMinutes(1));
        for (var i = 0; i < 12; i++) stubborn.Scripted.Enqueue((HttpStatusCode.OK, CostRefusal(5000, 1000), null));
        var error = await Assert.ThrowsAsync<ProviderException>(() => ReadAll(stubborn, new OrderQuery { CreatedAfter = Start },
            credential: "cred-stubborn"));
        Assert.Equal("MAX_COST_EXCEEDED", error.Code);
        Assert.Contains("even for one order a page", error.Message);
        Assert.True(stubborn.ListOrdersCalls.Count <= 12);
    }

    [Fact]
    public async Task Newest_first_reads_a_crowded_second_by_id_without_cursors()
    {
        var fake = new FakeShopifyAlloy { WithPageInfo = false };
        fake.AddOrders(20, Start.AddMinutes(1));
        for (var i = 0; i < 130; i++) fake.Add(Start.AddMinutes(5));
        fake.AddOrders(20, Start.AddMinutes(10));

        var results = await ReadAll(fake, new OrderQuery { NewestFirst = true, Limit = 160, PageSize = 50 });

        var expected = fake.Orders.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Number).Take(160).Select(o => o.Id);
        Assert.Equal(expected, results.Select(r => r.Order!.Id));
        Assert.All(fake.ListOrdersCalls, c => Assert.True((bool)c["queryParameters"]!["reverse"]!));
    }

    internal static string CostRefusal(int cost, int maxCost) => new JsonObject
    {
        ["executionId"] = "exec_c",
        ["status"] = "completed",
        ["responseData"] = new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject
            {
                ["message"] = $"Query cost is {cost}, which exceeds the single query max cost limit ({maxCost}).",
                ["extensions"] = new JsonObject { ["code"] = "MAX_COST_EXCEEDED", ["cost"] = cost, ["maxCost"] = maxCost },
            }),
        },
    }.ToJsonString();
}
