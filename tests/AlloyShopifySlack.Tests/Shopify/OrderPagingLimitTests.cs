using AlloyShopifySlack.Common;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Tests.Shopify;

/// <summary>Order paging: limits, exact bounds, unusable orders, progress and refused queries (the reading itself is in
/// OrderPagingTests).</summary>
public class OrderPagingLimitTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 15, 0, 0, 0, TimeSpan.Zero);

    private static Task<List<OrderReadResult>> ReadAll(FakeShopifyAlloy fake, OrderQuery query, FakeClock? clock = null,
        RecordingLog? log = null) =>
        OrderPagingTests.ReadAll(fake, query, clock, log);

    [Fact]
    public async Task Limit_asks_for_no_more_than_needed()
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(600, Start.AddMinutes(1));

        var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start, Limit = 5 });

        Assert.Equal(5, results.Count(r => r.Order != null));
        Assert.Equal(5, (int)fake.ListOrdersCalls.Single()["queryParameters"]!["first"]!);
    }

    [Fact]
    public async Task Limit_spanning_pages_stops_exactly_at_the_limit_in_both_modes()
    {
        foreach (var withPageInfo in new[] { true, false })
        {
            var fake = new FakeShopifyAlloy { WithPageInfo = withPageInfo };
            fake.AddOrders(600, Start.AddMinutes(1));

            var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start, Limit = 300 });

            var ids = results.Select(r => r.Order!.Id).ToList();
            Assert.Equal(fake.Orders.Take(300).Select(o => o.Id), ids);
        }
    }

    [Fact]
    public async Task Exact_bounds_are_applied_below_Shopifys_whole_seconds()
    {
        var fake = new FakeShopifyAlloy();
        var early = fake.Add(Start.AddSeconds(10));
        var inside = fake.Add(Start.AddSeconds(11));
        var late = fake.Add(Start.AddSeconds(20));

        var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start.AddSeconds(10.5), CreatedBefore = Start.AddSeconds(19.5) });

        Assert.Equal(new[] { inside.Id }, results.Select(r => r.Order!.Id));
        Assert.Contains("created_at:>='2024-01-15T00:00:10Z' AND created_at:<'2024-01-15T00:00:20Z'",
            (string?)fake.ListOrdersCalls.Single()["queryParameters"]!["query"]);
        Assert.NotNull(early);
        Assert.NotNull(late);
    }

    [Fact]
    public async Task An_unusable_order_is_reported_and_the_rest_of_the_page_still_comes()
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(5, Start.AddMinutes(1));
        fake.Transform = (call, answer) =>
        {
            var edges = answer["data"]!["orders"]!["edges"]!.AsArray();
            edges[2]!["node"]!.AsObject().Remove("id");
            return answer;
        };

        var results = await ReadAll(fake, new OrderQuery { CreatedAfter = Start });
        Assert.Equal(4, results.Count(r => r.Order != null));
        Assert.IsType<UnusableOrderException>(Assert.Single(results, r => r.Problem != null).Problem);

        var log = new RecordingLog();
        using var alloy = FakeShopifyAlloy.Client(fake, new FakeClock());
        var shopify = new ShopifyClient(alloy, "cred1", storeDomain: "demo-store");
        var orders = new List<ShopifyOrder>();
        using (OperationContext.Use(log))
            await foreach (var order in shopify.ReadOrdersAsync(new OrderQuery { CreatedAfter = Start },
                CancellationToken.None)) orders.Add(order);
        Assert.Equal(4, orders.Count);
        Assert.Contains(log.Warnings, w => w.Contains("without an id"));
    }

    [Fact]
    public async Task Progress_is_reported_only_when_there_is_more_than_one_page()
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(300, Start.AddMinutes(1));
        var log = new RecordingLog();
        await ReadAll(fake, new OrderQuery { CreatedAfter = Start, CreatedBefore = Start.AddHours(1) }, log: log);
        Assert.Contains(log.Progress, p => !p.Completed && p.PercentComplete >= 0 && p.Status.Contains("250 orders"));
        Assert.True(log.Progress.Last().Completed);

        var single = new FakeShopifyAlloy();
        single.AddOrders(10, Start.AddMinutes(1));
        var quiet = new RecordingLog();
        await ReadAll(single, new OrderQuery { CreatedAfter = Start }, log: quiet);
        Assert.Empty(quiet.Progress);
    }

    [Fact]
    public async Task An_invalid_query_is_refused_before_any_call()
    {
        var fake = new FakeShopifyAlloy();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ReadAll(fake, new OrderQuery { PageSize = 251 }));
        await Assert.ThrowsAsync<ArgumentException>(() => ReadAll(fake, new OrderQuery { CreatedAfter = Start, CreatedBefore = Start }));
        Assert.Empty(fake.ListOrdersCalls);
    }
}
