using AlloyShopifySlack.Emulator;

namespace AlloyShopifySlack.Tests.Emulator;

/// <summary>The realistic Shopify: the single-query cost limit (both ways Alloy may relay it) and an ignored `after`.</summary>
public sealed class EmulatorShopifyCostTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static EmulatorOptions Capped(int refusalStatus = 200) =>
        new() { Now = Now, ShopifyMaxQueryCost = 1000, ShopifyCostRefusalStatus = refusalStatus, ShopifyThrottling = false };

    private static JsonObject Page(int first, string? after = null)
    {
        var query = new JsonObject { ["first"] = first, ["sortKey"] = "CREATED_AT" };
        if (after != null) query["after"] = after;
        return query;
    }

    [Fact]
    public async Task A_page_over_the_cap_is_refused_inside_a_200_with_Shopifys_body_and_costs_nothing()
    {
        var options = Capped();
        options.ShopifyThrottling = true;
        await using var emulator = await EmulatorServer.StartAsync(options);
        using var http = new EmulatorHttp(emulator);
        var before = emulator.State.Shopify.Bucket.CurrentlyAvailable;

        var refused = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId, Page(250));

        Assert.Equal(200, refused.Status);
        var body = refused.Body!["responseData"]!;
        Assert.Null(body["data"]);
        var error = body["errors"]![0]!;
        Assert.Equal("Query cost is 3002, which exceeds the single query max cost limit (1000).", (string?)error["message"]);
        Assert.Equal("MAX_COST_EXCEEDED", (string?)error["extensions"]!["code"]);
        Assert.Equal(3002, (int)error["extensions"]!["cost"]!);
        Assert.Equal(1000, (int)error["extensions"]!["maxCost"]!);
        Assert.Equal(before, emulator.State.Shopify.Bucket.CurrentlyAvailable);
    }

    [Fact]
    public async Task The_requested_cost_grows_with_first_so_83_orders_fit_and_84_do_not()
    {
        await using var emulator = await EmulatorServer.StartAsync(Capped());
        using var http = new EmulatorHttp(emulator);

        var fits = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId, Page(83));
        var over = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId, Page(84));

        Assert.Equal(83, fits.Body!["responseData"]!["data"]!["orders"]!["edges"]!.AsArray().Count);
        Assert.Equal(998, (double)fits.Body!["responseData"]!["extensions"]!["cost"]!["requestedQueryCost"]!);
        Assert.Equal("Query cost is 1010, which exceeds the single query max cost limit (1000).",
            (string?)over.Body!["responseData"]!["errors"]![0]!["message"]);
        Assert.Equal(2 + 250 * 12, emulator.State.Shopify.RequestedCost(250));
    }

    [Fact]
    public async Task With_a_4xx_refusal_status_Alloy_wraps_Shopifys_body_in_its_own_error()
    {
        await using var emulator = await EmulatorServer.StartAsync(Capped(refusalStatus: 400));
        using var http = new EmulatorHttp(emulator);

        var refused = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId, Page(250));
        var fits = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId, Page(50));

        Assert.Equal(400, refused.Status);
        Assert.NotNull(refused.Body!["message"]);
        var extensions = refused.Body!["error"]!["errors"]![0]!["extensions"]!;
        Assert.Equal("MAX_COST_EXCEEDED", (string?)extensions["code"]);
        Assert.Equal(3002, (int)extensions["cost"]!);
        Assert.Equal(200, fits.Status);
    }

    [Fact]
    public async Task An_ignored_after_returns_the_first_page_again_with_the_same_endCursor()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, ShopifyThrottling = false,
            IgnoreAfterCursor = true });
        using var http = new EmulatorHttp(emulator);

        var first = (await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId, Page(100)))
            .Body!["responseData"]!["data"]!["orders"]!;
        var cursor = (string)first["pageInfo"]!["endCursor"]!;
        var second = (await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId, Page(100, cursor)))
            .Body!["responseData"]!["data"]!["orders"]!;

        Assert.True((bool)second["pageInfo"]!["hasNextPage"]!);
        Assert.Equal(cursor, (string?)second["pageInfo"]!["endCursor"]);
        Assert.Equal((string?)first["edges"]![0]!["node"]!["id"], (string?)second["edges"]![0]!["node"]!["id"]);
    }

    [Fact]
    public async Task The_config_endpoint_and_the_realistic_profile_switch_both_on()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, ShopifyThrottling = false });
        using var admin = new HttpClient { BaseAddress = emulator.BaseUri };
        var change = new JsonObject { ["shopifyMaxQueryCost"] = 1000, ["shopifyCostRefusalStatus"] = 422, ["ignoreAfterCursor"] = true };

        var response = await admin.PostAsync("_emulator/config", new StringContent(change.ToJsonString(), System.Text.Encoding.UTF8,
            "application/json"));
        var described = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(1000, (int?)described["shopifyMaxQueryCost"]);
        Assert.Equal(422, (int)described["shopifyCostRefusalStatus"]!);
        Assert.True((bool)described["ignoreAfterCursor"]!);
        Assert.True(emulator.State.Shopify.IgnoreAfterCursor);
        var lifted = await admin.PostAsync("_emulator/config", new StringContent("{\"shopifyMaxQueryCost\":null}",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.True(lifted.IsSuccessStatusCode);
        Assert.Null(emulator.State.Shopify.MaxQueryCost);

        var realistic = new EmulatorOptions().UseRealisticProfile(historyIntervalSeconds: 1, costRefusalStatus: 400);
        Assert.Equal((1000, 400, true), (realistic.ShopifyMaxQueryCost, realistic.ShopifyCostRefusalStatus, realistic.IgnoreAfterCursor));
    }

    [Fact]
    public void The_command_line_sets_the_cap_the_refusal_status_and_the_ignored_cursor()
    {
        var line = CommandLine.Parse(new[] { "--max-query-cost", "1000", "--cost-refusal-status", "400", "--ignore-after" });
        Assert.Null(line.Error);
        Assert.Equal((1000, 400, true), (line.Options.ShopifyMaxQueryCost, line.Options.ShopifyCostRefusalStatus,
            line.Options.IgnoreAfterCursor));
    }
}
