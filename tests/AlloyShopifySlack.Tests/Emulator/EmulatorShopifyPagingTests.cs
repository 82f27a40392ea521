using AlloyShopifySlack.Emulator;

namespace AlloyShopifySlack.Tests.Emulator;

public sealed class EmulatorShopifyPagingTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Cursors_walk_through_every_order_exactly_once()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, ShopifyThrottling = false });
        using var http = new EmulatorHttp(emulator);
        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var query = new JsonObject { ["first"] = 250, ["sortKey"] = "CREATED_AT" };
            if (after != null) query["after"] = after;
            var answer = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId, query);
            Assert.Equal(200, answer.Status);
            var orders = answer.Body!["responseData"]!["data"]!["orders"]!;
            seen.AddRange(orders["edges"]!.AsArray().Select(e => (string)e!["node"]!["id"]!));
            pages++;
            if (!(bool)orders["pageInfo"]!["hasNextPage"]!) break;
            after = (string?)orders["pageInfo"]!["endCursor"];
        }

        Assert.Equal(600, seen.Count);
        Assert.Equal(600, seen.Distinct().Count());
        Assert.Equal(3, pages);
        Assert.Equal(emulator.State.Shopify.Orders.Select(o => o.Id).OrderBy(x => x), seen.OrderBy(x => x));
    }

    [Fact]
    public async Task Without_cursor_passthrough_a_created_at_window_still_reaches_every_order()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, ShopifyThrottling = false,
            CursorPassthrough = false });
        using var http = new EmulatorHttp(emulator);
        var seen = new HashSet<string>();
        var since = Now.AddDays(-30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        for (var guard = 0; guard < 20; guard++)
        {
            var query = new JsonObject { ["first"] = 250, ["sortKey"] = "CREATED_AT", ["query"] = $"created_at:>='{since}'" };
            var answer = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId, query);
            var orders = answer.Body!["responseData"]!["data"]!["orders"]!.AsObject();
            Assert.False(orders.ContainsKey("pageInfo"));
            var nodes = orders["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
            var fresh = nodes.Count(n => seen.Add((string)n["id"]!));
            if (fresh == 0) break;
            since = (string)nodes[^1]["createdAt"]!;
        }

        Assert.Equal(600, seen.Count);
    }

    [Fact]
    public async Task The_query_filter_understands_quoted_dates_test_and_status()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, ShopifyThrottling = false });
        using var http = new EmulatorHttp(emulator);
        var from = Now.AddDays(-2);
        var query = new JsonObject
        {
            ["first"] = 250,
            ["query"] = $"created_at:>='{from:yyyy-MM-dd'T'HH:mm:ss'Z'}' AND test:false AND -status:cancelled",
        };

        var answer = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId, query);

        var names = answer.Body!["responseData"]!["data"]!["orders"]!["edges"]!.AsArray().Select(
            e => (string)e!["node"]!["name"]!).ToList();
        var expected = emulator.State.Shopify.Orders.Where(o => o.CreatedAt >= from && !o.Test && o.CancelledAt == null).Select(
            o => o.Name).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, names);
    }

    [Fact]
    public async Task The_sample_store_has_guest_test_cancelled_foreign_and_hostile_orders()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now });
        var orders = emulator.State.Shopify.Orders;

        Assert.Equal(600, orders.Count);
        Assert.Contains(orders, o => o.Customer == null);
        Assert.Contains(orders, o => o.Test);
        Assert.Contains(orders, o => o.CancelledAt != null);
        Assert.Contains(orders, o => o.PresentmentCurrency != "USD");
        Assert.Contains(orders, o => o.LineItems.Count == 7);
        Assert.Contains(orders, o => o.Total > 5000);
        Assert.Contains(orders, o => o.Total < 50);
        Assert.Contains(orders, o => o.Customer?.DisplayName.Contains("<!channel>") == true);
        Assert.Contains(orders, o => o.Customer?.DisplayName.Contains('&') == true);
        Assert.True(orders.All(o => o.CreatedAt <= Now && o.CreatedAt >= Now.AddDays(-7)));
    }

    [Fact]
    public async Task A_query_that_costs_more_than_the_bucket_holds_is_THROTTLED_inside_a_200()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, ShopifyRestoreRate = 50 });
        using var http = new EmulatorHttp(emulator);
        var query = new JsonObject { ["first"] = 250 };

        var first = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId, query);
        var second = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId, query);

        Assert.NotNull(first.Body!["responseData"]!["data"]);
        Assert.Equal(200, second.Status);
        var throttled = second.Body!["responseData"]!;
        Assert.Null(throttled["data"]);
        Assert.Equal("THROTTLED", (string?)throttled["errors"]![0]!["extensions"]!["code"]);
        Assert.Equal(50, (double)throttled["extensions"]!["cost"]!["throttleStatus"]!["restoreRate"]!);

        emulator.State.Clock.Advance(TimeSpan.FromSeconds(20));
        var later = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId, query);
        Assert.NotNull(later.Body!["responseData"]!["data"]);
    }

    [Fact]
    public async Task Orders_added_through_the_admin_endpoint_carry_the_given_details()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, OrderCount = 10 });
        using var admin = new System.Net.Http.HttpClient { BaseAddress = emulator.BaseUri };
        var body = new JsonObject
        {
            ["count"] = 2, ["createdAt"] = "2024-01-10T08:00:00Z", ["total"] = 1250.5, ["customerName"] = "<!channel> & Zoë",
            ["test"] = true, ["tags"] = new JsonArray("late"), ["presentmentCurrency"] = "EUR", ["presentmentTotal"] = "1150.46",
        };

        var response = await admin.PostAsync("_emulator/shopify/orders", new System.Net.Http.StringContent(body.ToJsonString(),
            System.Text.Encoding.UTF8, "application/json"));

        Assert.True(response.IsSuccessStatusCode);
        var added = emulator.State.Shopify.Orders.Where(o => o.Tags.Contains("late")).ToList();
        Assert.Equal(2, added.Count);
        Assert.All(added, o =>
        {
            Assert.Equal(1250.5m, o.Total);
            Assert.Equal(1250.5m, o.LineItems.Sum(i => i.UnitPrice * i.Quantity));
            Assert.Equal("<!channel> & Zoë", o.Customer!.DisplayName);
            Assert.True(o.Test);
            Assert.Equal(("EUR", 1150.46m), (o.PresentmentCurrency, o.PresentmentTotal));
        });
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 8, 0, 1, TimeSpan.Zero), added[1].CreatedAt);
        Assert.Equal(1011, added[0].Number);
    }

    [Fact]
    public async Task Orders_added_with_a_fixed_total_are_plain_paid_orders()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, OrderCount = 0 });

        var added = emulator.State.Shopify.AddGenerated(200, Now.AddMinutes(-10), 750m);

        Assert.All(added, o =>
        {
            Assert.False(o.Test);
            Assert.Null(o.CancelledAt);
            Assert.Equal("PAID", o.FinancialStatus);
            Assert.Equal(750m, o.Total);
        });
    }
}
