using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Shopify;

namespace AlloyShopifySlack.Tests.Emulator;

/// <summary>Orders that change after they were placed: cancelled, refunded, edited, fulfilled; found by updated_at.</summary>
public sealed class EmulatorOrderChangeTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static EmulatorOptions Options(bool realistic = false)
    {
        var options = new EmulatorOptions { OrderCount = 0, SlackRateLimit = false, ShopifyThrottling = false, Now = Start };
        return realistic ? options.UseRealisticProfile(historyIntervalSeconds: 1) : options;
    }

    private static Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> ChangeAsync(EmulatorHttp http, string order,
        string change, JsonObject? body = null) =>
        http.SendAsync(HttpMethod.Post, $"_emulator/shopify/orders/{Uri.EscapeDataString(order)}/{change}", body ?? new JsonObject(),
            key: null, apiVersion: null, userId: null);

    private static async Task<JsonArray> UpdatedSinceAsync(EmulatorServer emulator, EmulatorHttp http, DateTimeOffset since, int first = 50)
    {
        var query = new JsonObject { ["first"] = first, ["sortKey"] = "UPDATED_AT",
            ["query"] = $"updated_at:>='{EmulatedOrder.Time(since)}'" };
        var answer = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId, query);
        Assert.Equal(200, answer.Status);
        return answer.Body!["responseData"]!["data"]!["orders"]!["edges"]!.AsArray();
    }

    [Fact]
    public async Task Each_change_through_the_admin_endpoint_shows_in_the_order_and_moves_its_updatedAt()
    {
        await using var emulator = await EmulatorServer.StartAsync(Options());
        using var http = new EmulatorHttp(emulator);
        var orders = emulator.State.Shopify.AddGenerated(5, Start.AddHours(-1), overrides: new OrderOverrides { Total = 600m });
        emulator.State.Clock.Advance(TimeSpan.FromMinutes(10));

        var cancelled = await ChangeAsync(http, orders[0].Name, "cancel");
        var refunded = await ChangeAsync(http, orders[1].Name, "refund", new JsonObject { ["amount"] = 120 });
        var edited = await ChangeAsync(http, orders[2].Name, "edit", new JsonObject { ["total"] = 450 });
        var fulfilled = await ChangeAsync(http, orders[3].Id, "fulfill");
        var unknown = await ChangeAsync(http, "#99999", "cancel");
        var twice = await ChangeAsync(http, orders[0].Name, "cancel");

        Assert.Equal(200, cancelled.Status);
        Assert.Equal("REFUNDED", (string)cancelled.Body!["financialStatus"]!);
        Assert.Equal("600.0", (string)cancelled.Body!["totalRefunded"]!);
        Assert.NotNull(cancelled.Body!["cancelledAt"]);
        Assert.Equal("PARTIALLY_REFUNDED", (string)refunded.Body!["financialStatus"]!);
        Assert.Equal("450.0", (string)edited.Body!["total"]!);
        Assert.Equal("FULFILLED", (string)fulfilled.Body!["fulfillmentStatus"]!);
        Assert.Equal(404, unknown.Status);
        Assert.Equal(409, twice.Status);
        Assert.All(orders.Take(4), o => Assert.InRange(emulator.State.Shopify.Find(o.Number)!.UpdatedAt, Start.AddMinutes(10),
            Start.AddMinutes(10).AddSeconds(1)));
        Assert.Equal(orders[4].UpdatedAt, emulator.State.Shopify.Find(orders[4].Number)!.UpdatedAt);

        var node = emulator.State.Shopify.Find(orders[1].Number)!.ToNode();
        Assert.Equal("120.0", (string)node["totalRefundedSet"]!["shopMoney"]!["amount"]!);
        Assert.Equal("480.0", (string)node["currentTotalPriceSet"]!["shopMoney"]!["amount"]!);
        Assert.Equal(EmulatedOrder.Time(Start.AddMinutes(10)), (string)node["updatedAt"]!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_updated_at_search_sorted_by_UPDATED_AT_finds_only_the_changed_orders_in_the_order_they_changed(bool realistic)
    {
        await using var emulator = await EmulatorServer.StartAsync(Options(realistic));
        using var http = new EmulatorHttp(emulator);
        var orders = emulator.State.Shopify.AddGenerated(40, Start.AddHours(-2), overrides: new OrderOverrides { Total = 700m });
        var since = Start.AddMinutes(1);
        foreach (var (order, n) in new[] { orders[30], orders[3], orders[17] }.Select((o, n) => (o, n)))
        {
            emulator.State.Clock.Advance(TimeSpan.FromMinutes(1));
            if (n == 0) emulator.State.Shopify.Cancel(order.Name);
            else if (n == 1) emulator.State.Shopify.Refund(order.Name);
            else emulator.State.Shopify.Fulfill(order.Name);
        }

        var found = await UpdatedSinceAsync(emulator, http, since, first: realistic ? 50 : 250);

        Assert.Equal(new[] { orders[30].Id, orders[3].Id, orders[17].Id }, found.Select(e => (string)e!["node"]!["id"]!));
    }

    [Fact]
    public async Task Store_changes_are_refused_when_they_make_no_sense()
    {
        await using var emulator = await EmulatorServer.StartAsync(Options());
        var order = emulator.State.Shopify.AddGenerated(1, Start, overrides: new OrderOverrides { Total = 100m })[0];

        Assert.Throws<InvalidOperationException>(() => emulator.State.Shopify.Refund(order.Name, 150m));
        Assert.Throws<InvalidOperationException>(() => emulator.State.Shopify.Edit(order.Name, 0m));
        emulator.State.Shopify.Refund(order.Name, 100m);
        Assert.Equal("REFUNDED", emulator.State.Shopify.Find(order.Number)!.FinancialStatus);
        Assert.Throws<InvalidOperationException>(() => emulator.State.Shopify.Refund(order.Name));
        var cancelled = emulator.State.Shopify.Cancel(order.Name);
        Assert.Equal("REFUNDED", cancelled.FinancialStatus); // nothing left to refund: it stays refunded
    }
}
