using System.Net;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Tests.Shopify;

public class ShopifyClientTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 15, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task THROTTLED_inside_a_200_is_waited_out_as_the_bucket_says()
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(3, Start.AddMinutes(1));
        fake.Scripted.Enqueue((HttpStatusCode.OK, FakeShopifyAlloy.Throttled(requested: 752, available: 666, restoreRate: 50), null));
        var clock = new FakeClock();

        var results = await OrderPagingTests.ReadAll(fake, new OrderQuery { CreatedAfter = Start }, clock);

        Assert.Equal(3, results.Count(r => r.Order != null));
        Assert.Equal(2, fake.ListOrdersCalls.Count);
        Assert.Equal(TimeSpan.FromSeconds((752 - 666) / 50.0), Assert.Single(clock.Delays));
    }

    [Fact]
    public async Task Endless_throttling_ends_in_a_rate_limit_error()
    {
        var fake = new FakeShopifyAlloy();
        for (var i = 0; i < 20; i++) fake.Scripted.Enqueue((HttpStatusCode.OK, FakeShopifyAlloy.Throttled(100, 0, 50), null));
        var clock = new FakeClock();
        using var alloy = FakeShopifyAlloy.Client(fake, clock);
        var shopify = new ShopifyClient(alloy, "cred1", storeDomain: "s", clock: clock) { MaxThrottleWaits = 3 };

        var error = await Assert.ThrowsAsync<AlloyRateLimitException>(async () =>
        {
            await foreach (var _ in shopify.ReadOrdersAsync(new OrderQuery { CreatedAfter = Start }, CancellationToken.None)) { }
        });

        Assert.Contains("kept throttling", error.Message);
        Assert.Equal(4, fake.ListOrdersCalls.Count);
        Assert.Equal(3, clock.Delays.Count);
    }

    [Fact]
    public async Task A_429_is_retried_after_Retry_After_on_the_clock()
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(3, Start.AddMinutes(1));
        fake.Scripted.Enqueue((HttpStatusCode.TooManyRequests, """{"error":"Too Many Requests","message":"Rate limit exceeded"}""", "3"));
        var clock = new FakeClock();

        var results = await OrderPagingTests.ReadAll(fake, new OrderQuery { CreatedAfter = Start }, clock);

        Assert.Equal(3, results.Count(r => r.Order != null));
        Assert.Equal(TimeSpan.FromSeconds(3), Assert.Single(clock.Delays));
    }

    [Fact]
    public async Task A_429_that_persists_reaches_the_caller_after_the_orders_read_so_far_with_where_to_resume()
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(300, Start.AddMinutes(1));
        fake.BeforeListOrders = call =>
        {
            if (call == 1) for (var i = 0; i < 5; i++) fake.Scripted.Enqueue((HttpStatusCode.TooManyRequests, "{}", "1"));
        };
        var clock = new FakeClock();
        var log = new RecordingLog();
        using var alloy = FakeShopifyAlloy.Client(fake, clock);
        var shopify = new ShopifyClient(alloy, "cred1", storeDomain: "s", clock: clock);
        var orders = new List<ShopifyOrder>();

        var error = await Assert.ThrowsAsync<AlloyRateLimitException>(async () =>
        {
            using (OperationContext.Use(log))
                await foreach (var order in shopify.ReadOrdersAsync(new OrderQuery { CreatedAfter = Start },
                    CancellationToken.None)) orders.Add(order);
        });

        Assert.Equal("AlloyRateLimited", error.ErrorId);
        Assert.Equal(250, orders.Count);
        Assert.Contains(log.Warnings, w => w.Contains("stopped after 250 orders") && w.Contains("-CreatedAfter '2024-01-15T00:05:09Z'"));
    }

    [Fact]
    public async Task The_bucket_is_waited_for_before_a_request_that_would_not_fit()
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(300, Start.AddMinutes(1));
        fake.Transform = (call, answer) =>
        {
            answer["extensions"] = System.Text.Json.Nodes.JsonNode.Parse("""{"cost":{"requestedQueryCost":500,"actualQueryCost":""" +
                """400,"throttleStatus":{"maximumAvailable":1000.0,"currentlyAvailable":200,"restoreRate":50.0}}}""");
            return answer;
        };
        var clock = new FakeClock();

        var results = await OrderPagingTests.ReadAll(fake, new OrderQuery { CreatedAfter = Start }, clock);

        Assert.Equal(300, results.Count);
        Assert.Equal(2, fake.ListOrdersCalls.Count);
        // The deficit, and one point more: the reported figure is rounded, and a wait that ends a hair short is THROTTLED.
        Assert.Equal(TimeSpan.FromSeconds((500 - 200 + 1) / 50.0), Assert.Single(clock.Delays));
    }

    [Fact]
    public async Task Cancellation_stops_the_read_between_pages()
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(600, Start.AddMinutes(1));
        using var alloy = FakeShopifyAlloy.Client(fake, new FakeClock());
        var shopify = new ShopifyClient(alloy, "cred1", storeDomain: "s");
        using var cancellation = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in shopify.ReadOrdersAsync(new OrderQuery { CreatedAfter = Start }, cancellation.Token))
            {
                if (++seen == 10) cancellation.Cancel();
            }
        });

        Assert.Equal(10, seen);
        // The first page, and at most the one fetched ahead while the first went out; nothing after the cancellation.
        Assert.InRange(fake.ListOrdersCalls.Count, 1, 2);
    }

    [Fact]
    public async Task Cancellation_interrupts_a_throttle_wait()
    {
        var fake = new FakeShopifyAlloy();
        fake.Scripted.Enqueue((HttpStatusCode.OK, FakeShopifyAlloy.Throttled(100, 0, 50), null));
        using var cancellation = new CancellationTokenSource();
        var clock = new CancellingClock(cancellation);
        using var alloy = FakeShopifyAlloy.Client(fake, clock);
        var shopify = new ShopifyClient(alloy, "cred1", storeDomain: "s", clock: clock);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in shopify.ReadOrdersAsync(new OrderQuery { CreatedAfter = Start }, cancellation.Token)) { }
        });
        Assert.Single(fake.ListOrdersCalls);
    }

    [Fact]
    public async Task GraphQL_errors_without_data_are_a_provider_error()
    {
        var fake = new FakeShopifyAlloy();
        fake.Scripted.Enqueue((HttpStatusCode.OK, """{"responseData":{"errors":[{"message":"Field 'x' doesn't """ +
            """exist","extensions":{"code":"undefinedField"}}]}}""", null));

        var error = await Assert.ThrowsAsync<ProviderException>(() => OrderPagingTests.ReadAll(fake,
            new OrderQuery { CreatedAfter = Start }));

        Assert.Equal("Shopify", error.Provider);
        Assert.Equal("undefinedField", error.Code);
        Assert.Contains("Field 'x' doesn't exist", error.Message);
    }

    [Fact]
    public async Task Without_a_store_domain_getShop_is_asked_once_for_admin_links()
    {
        var fake = new FakeShopifyAlloy();
        fake.AddOrders(2, Start.AddMinutes(1));
        using var alloy = FakeShopifyAlloy.Client(fake, new FakeClock());
        var shopify = new ShopifyClient(alloy, "cred1");

        for (var run = 0; run < 2; run++)
        {
            await foreach (var order in shopify.ReadOrdersAsync(new OrderQuery { CreatedAfter = Start }, CancellationToken.None))
                Assert.StartsWith("https://admin.shopify.com/store/demo-store/orders/", order.AdminUrl);
        }
        Assert.Equal(1, fake.GetShopCalls);
        Assert.Equal("demo-store", shopify.StoreDomain);
    }

    [Fact]
    public async Task GetShop_reads_name_domain_and_currency()
    {
        var fake = new FakeShopifyAlloy();
        using var alloy = FakeShopifyAlloy.Client(fake, new FakeClock());

        var shop = await new ShopifyClient(alloy, "cred1").GetShopAsync(CancellationToken.None);

        Assert.Equal("Demo Store", shop.Name);
        Assert.Equal("demo-store.myshopify.com", shop.MyshopifyDomain);
        Assert.Equal("USD", shop.Currency);
        Assert.Equal("demo-store", shop.StoreDomain);
    }

    [Fact]
    public async Task AddTags_sends_the_gid_and_the_tags()
    {
        var fake = new FakeShopifyAlloy();
        using var alloy = FakeShopifyAlloy.Client(fake, new FakeClock());

        await new ShopifyClient(alloy, "cred1").AddTagsAsync("1234", new[] { "vip", " priority " }, CancellationToken.None);

        var body = Assert.Single(fake.TagCalls)["requestBody"]!;
        Assert.Equal("gid://shopify/Order/1234", (string?)body["id"]);
        Assert.Equal(new[] { "vip", "priority" }, body["tags"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public async Task AddTags_raises_Shopify_userErrors()
    {
        var fake = new FakeShopifyAlloy { TagsAddUserError = "Order does not exist" };
        using var alloy = FakeShopifyAlloy.Client(fake, new FakeClock());

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            new ShopifyClient(alloy, "cred1").AddTagsAsync("gid://shopify/Order/9", new[] { "vip" }, CancellationToken.None));

        Assert.Equal("Shopify", error.Provider);
        Assert.Contains("tags: Order does not exist", error.Message);
        Assert.Contains("gid://shopify/Order/9", error.Message);
    }

    [Theory]
    [InlineData("not-an-id", "vip")]
    [InlineData("gid://shopify/Product/1", "vip")]
    [InlineData("12", "a,b")]
    [InlineData("12", " ")]
    public async Task AddTags_refuses_bad_input_before_calling(string id, string tag)
    {
        var fake = new FakeShopifyAlloy();
        using var alloy = FakeShopifyAlloy.Client(fake, new FakeClock());

        await Assert.ThrowsAsync<ArgumentException>(() => new ShopifyClient(alloy, "cred1").AddTagsAsync(id, new[] { tag },
            CancellationToken.None));
        Assert.Empty(fake.TagCalls);
    }

    /// <summary>Cancels the operation when asked to wait, as Ctrl+C during a long throttle wait would.</summary>
    private sealed class CancellingClock(CancellationTokenSource source) : IClock
    {
        public DateTimeOffset UtcNow => DateTimeOffset.UnixEpoch;
        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            source.Cancel();
            return Task.FromCanceled(cancellationToken);
        }
    }
}
