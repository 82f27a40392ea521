using System.Net;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Setup;
using AlloyShopifySlack.Tests.Alloy;
using AlloyShopifySlack.Tests.Emulator;

namespace AlloyShopifySlack.Tests.Setup;

/// <summary>Test-AlloyConnection -Deep: read-only probes that report the service's variant, redacted, and that the client then
/// uses.</summary>
public sealed class ServiceProbeTests
{
    private static HealthCheckSettings Settings(EmulatorServer emulator) => new()
    {
        UserId = emulator.Tenant.UserId,
        ShopifyCredentialId = emulator.Tenant.ShopifyCredentialId,
        SlackCredentialId = emulator.Tenant.SlackCredentialId,
        SlackChannelId = emulator.Tenant.ChannelId,
    };

    /// <summary>20 messages in the channel, the last with metadata (dropped on the way in by the realistic profile).</summary>
    private static async Task SeedChannelAsync(EmulatorServer emulator, EmulatorHttp http)
    {
        for (var i = 0; i < 19; i++) await http.PostMessageAsync(emulator.Tenant.ChannelId, "message " + i);
        await http.ExecuteAsync("slack", "chat_postMessage", emulator.Tenant.SlackCredentialId, requestBody: new JsonObject
        {
            ["channel"] = emulator.Tenant.ChannelId, ["text"] = "alert",
            ["metadata"] = new JsonObject { ["event_type"] = "shopify_order_alert",
                ["event_payload"] = new JsonObject { ["order_id"] = "1" } },
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_report_says_what_the_service_does_and_shows_no_secret(bool realistic)
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic));
        using var http = new EmulatorHttp(emulator);
        await SeedChannelAsync(emulator, http);
        // What the service does, seen raw: the probe must report the same.
        var rawOrders = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId,
            query: new JsonObject { ["first"] = 250 });
        var rawHistory = await http.ExecuteAsync("slack", "conversations_history", emulator.Tenant.SlackCredentialId,
            query: new JsonObject { ["channel"] = emulator.Tenant.ChannelId, ["limit"] = 100, ["include_all_metadata"] = true });
        var refused = rawOrders.Status != 200 || rawOrders.Body!.ToJsonString().Contains("MAX_COST_EXCEEDED");
        var history = rawHistory.Body!["responseData"]!;
        var rawCount = history["messages"]!.AsArray().Count;
        var rawHasMore = (bool)history["has_more"]!;

        using var client = SchemaTestKit.Client(emulator);
        var report = await new ServiceProbe(client).RunAsync(Settings(emulator), CancellationToken.None);

        Assert.Equal("responseData", report.Envelope);
        Assert.Equal(new[] { "connector: 1 credential(s)", "user: 1 credential(s)", "embedded: 1 credential(s)" },
            report.CredentialListings.Select(l => l.ToString()));
        if (!refused)
        {
            Assert.Equal("none", report.ShopifyCostRefusal);
            Assert.Equal(250, report.ShopifyPageSize);
        }
        else
        {
            Assert.NotEqual("none", report.ShopifyCostRefusal);
            Assert.InRange(report.ShopifyPageSize!.Value, 1, 249);
            Assert.True(report.ShopifyRequestedCost * report.ShopifyPageSize / 250 <= report.ShopifyMaxCost,
                "the page size found fits the limit");
        }
        Assert.Equal(!realistic, report.SlackSchemaDeclaresMetadata);
        Assert.Equal(!realistic, report.SlackSchemaDeclaresIncludeAllMetadata);
        Assert.Equal(rawCount, report.SlackHistoryMessages);
        Assert.Equal(rawHasMore ? rawCount : null, report.SlackHistoryPageSize);
        Assert.Equal(!realistic, report.MetadataInHistory);
        Assert.Equal(realistic ? "googleSheets" : "googlesheets", report.SheetsConnectorId);
        Assert.Empty(report.Notes);

        var text = report.Text;
        SecretAssert.Absent(text, emulator.ApiKey);
        Assert.DoesNotContain(emulator.Tenant.UserId, text);            // ids only by their last characters
        Assert.DoesNotContain(emulator.Tenant.ShopifyCredentialId, text);
        Assert.Contains("Execute envelope", text);
        Assert.Contains(realistic ? "googleSheets" : "googlesheets", text);
        Assert.Contains("Kept for this session", text);
    }

    [Fact]
    public async Task What_the_probe_learned_is_used_by_the_same_connection_afterwards()
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic: true));
        var recorder = new RecordingHandler();
        using var client = SchemaTestKit.Client(emulator, recorder);

        var report = await new ServiceProbe(client).RunAsync(Settings(emulator), CancellationToken.None);
        var before = recorder.Sent.Count;
        await new GoogleSheetsClient(client, emulator.Tenant.GoogleSheetsCredentialId)
            .AppendRowAsync(emulator.Tenant.SpreadsheetId, "Sheet1!A:E", new object?[] { "#1" }, CancellationToken.None);
        await client.ExecuteAsync("slack", "chat_postMessage", new ActionRequest(emulator.Tenant.SlackCredentialId)
        {
            RequestBody = new JsonObject { ["channel"] = emulator.Tenant.ChannelId, ["text"] = "hi" },
        }, CancellationToken.None);

        var after = recorder.Sent.Skip(before).Select(s => s.Method + " " + s.Path).ToList();
        Assert.Equal(new[] { "GET /connectors/googleSheets/actions/appendRow", "POST /connectors/googleSheets/actions/appendRow/execute",
            "POST /connectors/slack/actions/chat_postMessage/execute" }, after); // no connector list, no second Slack schema read
        Assert.Equal("googleSheets", report.Learned[ServiceFacts.SheetsConnectorId]);
        Assert.Equal("connector", report.Learned[ServiceFacts.CredentialListing]);
        Assert.Equal("false", report.Learned[ServiceFacts.SlackSchemaDeclaresMetadata]);

        var shopify = new AlloyShopifySlack.Shopify.ShopifyClient(client, emulator.Tenant.ShopifyCredentialId);
        try { Assert.Equal(report.ShopifyPageSize, shopify.PageSizeThatFits); } // Get-ShopifyOrder starts with the size that fits
        finally { shopify.PageSizeThatFits = null; }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private const string Refusal = """{"errors":[{"message":"Query cost is 1002, which exceeds the single query max cost limit """ +
        """(1000).","extensions":{"code":"MAX_COST_EXCEEDED","cost":1002,"maxCost":1000}}]}""";

    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    [InlineData(422)]
    public async Task A_cost_refusal_in_either_shape_gives_the_page_size_that_fits(int refusalStatus)
    {
        var firsts = new List<int>();
        var handler = new ScriptedHandler().On(HttpMethod.Post, "/connectors/shopify/actions/listOrders/execute", (request, _) =>
        {
            var first = (int)JsonNode.Parse(request.Body)!["queryParameters"]!["first"]!;
            lock (firsts) firsts.Add(first);
            if (first == 250)
                return Task.FromResult(refusalStatus == 200
                    ? Json(HttpStatusCode.OK, "{\"executionId\":\"e\",\"status\":\"completed\",\"responseData\":" + Refusal + "}")
                    : Json((HttpStatusCode)refusalStatus, "{\"message\":\"The connector returned an error\",\"error\":" + Refusal + "}"));
            return Task.FromResult(Json(HttpStatusCode.OK, "{\"executionId\":\"e\",\"status\":\"completed\",\"responseData\":{\"data\":{" +
                "\"orders\":{\"edges\":[]}}}}"));
        });
        using var client = ClientFactory.Client(handler);

        var report = await new ServiceProbe(client).RunAsync(new HealthCheckSettings { ShopifyCredentialId = "66fb0000000000000000beef" },
            CancellationToken.None);

        Assert.Equal(refusalStatus == 200 ? "200" : "HTTP " + refusalStatus, report.ShopifyCostRefusal);
        Assert.Equal(1002, report.ShopifyRequestedCost);
        Assert.Equal(1000, report.ShopifyMaxCost);
        Assert.Equal(224, report.ShopifyPageSize); // 250 × 1000 × 0.9 / 1002, rounded down (the reader's own rule)
        Assert.Equal(new[] { 250, 224 }, firsts);
        Assert.Equal(224, client.Learned.GetInt(ServiceFacts.ShopifyPageSize));
        Assert.Contains("refused as MAX_COST_EXCEEDED", report.Text);
        Assert.Contains("first=224 accepted", report.Text);
    }

    [Fact]
    public async Task Test_AlloyConnection_Deep_writes_the_report_after_the_health_results()
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic: true));
        using var session = new SetupRunspace(emulator);

        var hosted = session.Invoke("Test-AlloyConnection -Deep -Channel $args[0] -ShopifyCredentialId $args[1] " +
            "-SlackCredentialId $args[2]; " +
            "Test-AlloyConnection -Deep -Quiet -ShopifyCredentialId $args[1] -SlackCredentialId $args[2]",
            null, emulator.Tenant.ChannelId, emulator.Tenant.ShopifyCredentialId, emulator.Tenant.SlackCredentialId);

        Assert.Empty(hosted.Errors);
        var report = hosted.Output.Single(o => o.TypeNames.Contains(ServiceProbeReport.TypeName));
        Assert.Equal(hosted.Output.Count - 2, hosted.Output.IndexOf(report)); // after the health results, before the -Quiet $true
        Assert.Equal(true, hosted.Output.Last().BaseObject);
        Assert.Equal("googleSheets", ((ServiceProbeReport)report.BaseObject).SheetsConnectorId);
        SecretAssert.Absent(hosted.AllText(), emulator.ApiKey);
    }
}
