using System.Net;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Tests.Interactions;

public class GoogleSheetsClientTests
{
    private static (GoogleSheetsClient Client, FakeAlloyHandler Handler) Create(
        Func<string, string, JsonObject, (HttpStatusCode, string)> answer)
    {
        var handler = new FakeAlloyHandler(answer);
        var alloy = new AlloyClient(new AlloyClientOptions(new Uri("http://alloy.test/"), SecretText.ToSecureString("k3y-for-tests"),
            "test") { UserId = "689593e23e4c93cae95fd75c" }, handler);
        // The connector id is given, so that the fake sees only the append (without it, GET /connectors finds it).
        return (new GoogleSheetsClient(alloy, "66fb0000000000000000cafe", "googlesheets"), handler);
    }

    private const string Appended = "{\"executionId\":\"e1\",\"status\":\"completed\",\"responseData\":{\"spreadsheetId\":\"sheet1\",\"" +
        "tableRange\":\"Sheet1!A1:E3\",\"updates\":{\"spreadsheetId\":\"sheet1\",\"updatedRange\":\"Sheet1!A4:E4\",\"updatedRows\":1}}}";

    [Fact]
    public async Task AppendRow_calls_appendRow_on_googlesheets_with_one_row_of_typed_cells()
    {
        var (client, handler) = Create((_, _, _) => (HttpStatusCode.OK, Appended));
        var when = new DateTimeOffset(2024, 1, 15, 11, 0, 0, TimeSpan.FromHours(1));

        var result = await client.AppendRowAsync("sheet1", "Orders!A:E", new object?[] { "#1001", 1250.00m, "Jane", null, when, 3, true },
            CancellationToken.None);

        var call = Assert.Single(handler.Calls);
        Assert.Equal(("googlesheets", "appendRow"), (call.Connector, call.Action));
        Assert.Equal("66fb0000000000000000cafe", (string?)call.Body["credentialId"]);
        var body = call.Body["requestBody"]!;
        Assert.Equal("sheet1", (string?)body["spreadsheetId"]);
        Assert.Equal("Orders!A:E", (string?)body["range"]);
        Assert.Equal("[[\"#1001\",1250.00,\"Jane\",null,\"2024-01-15T10:00:00Z\",3,true]]", body["values"]!.ToJsonString());
        Assert.Equal("RAW", (string?)body["valueInputOption"]); // Google requires it; RAW keeps "=..." names from becoming formulas
        Assert.Equal("Sheet1!A4:E4", result.UpdatedRange);
        Assert.Equal(1, result.UpdatedRows);
        Assert.Equal("Sheet1!A1:E3", result.TableRange);
    }

    [Fact]
    public async Task A_Google_error_passed_through_in_a_200_is_a_failure()
    {
        var (client, _) = Create((_, _, _) => (HttpStatusCode.OK,
            "{\"executionId\":\"e1\",\"status\":\"completed\",\"responseData\":{\"error\":{\"code\":403,\"message\":\"The caller does " +
                "not have permission\",\"status\":\"PERMISSION_DENIED\"}}}"));

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.AppendRowAsync("sheet1", "Sheet1!A:E", new object?[] { "#1" },
            CancellationToken.None));
        Assert.Equal("GoogleSheets", error.Provider);
        Assert.Equal("PERMISSION_DENIED", error.Code);
        Assert.Contains("does not have permission", error.Message);
    }

    [Fact]
    public async Task An_append_that_meets_a_5xx_is_not_retried_and_is_reported_as_ambiguous()
    {
        var calls = 0;
        var (client, _) = Create((_, _, _) => { calls++; return (HttpStatusCode.BadGateway, "{\"message\":\"upstream\"}"); });
        await Assert.ThrowsAsync<AlloyAmbiguousResultException>(() => client.AppendRowAsync("sheet1", "Sheet1!A:E", new object?[] { "#1" },
            CancellationToken.None));
        Assert.Equal(1, calls);
    }

    [Theory]
    [InlineData("", "Sheet1!A:E")]
    [InlineData("sheet1", " ")]
    public async Task Missing_spreadsheet_or_range_is_an_argument_error(string spreadsheet, string range)
    {
        var (client, handler) = Create((_, _, _) => (HttpStatusCode.OK, Appended));
        await Assert.ThrowsAsync<ArgumentException>(() => client.AppendRowAsync(spreadsheet, range, new object?[] { "#1" },
            CancellationToken.None));
        Assert.Empty(handler.Calls);
    }

    [Fact]
    public async Task The_order_log_writes_the_guides_columns_to_the_default_range()
    {
        var (client, handler) = Create((_, _, _) => (HttpStatusCode.OK, Appended));
        var log = new GoogleSheetsOrderLog(client, "sheet1");
        var order = new ShopifyOrder { Id = "gid://shopify/Order/7", Name = "#1007", Total = 980.5m, Currency = "EUR",
            CustomerName = "Zoë <Admin>" };

        await log.AppendOrderAsync(order, null, new DateTimeOffset(2024, 1, 15, 10, 0, 0, TimeSpan.Zero), CancellationToken.None);

        var body = Assert.Single(handler.Calls).Body["requestBody"]!;
        Assert.Equal(OrderLogRow.DefaultRange, (string?)body["range"]);
        Assert.Equal(new[] { "#1007", "980.5", "Zoë <Admin>", "", "2024-01-15T10:00:00Z" },
            body["values"]![0]!.AsArray().Select(v => v is JsonValue value && value.TryGetValue<string>(out var s) ? s
                : v!.ToJsonString()));
    }
}
