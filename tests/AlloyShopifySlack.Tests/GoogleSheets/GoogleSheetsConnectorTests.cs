using System.Net;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Tests.Alloy;
using AlloyShopifySlack.Tests.Emulator;

namespace AlloyShopifySlack.Tests.GoogleSheets;

/// <summary>The Google Sheets connector id found in GET /connectors, and appendRow built from its schema, in both profiles.</summary>
public sealed class GoogleSheetsConnectorTests
{
    [Theory]
    [InlineData(false, "googlesheets")]
    [InlineData(true, "googleSheets")]
    public async Task The_connector_id_is_found_in_the_list_and_the_row_lands_with_valueInputOption(bool realistic, string expectedId)
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic));
        var recorder = new RecordingHandler();
        using var client = SchemaTestKit.Client(emulator, recorder);
        var sheets = new GoogleSheetsClient(client, emulator.Tenant.GoogleSheetsCredentialId);

        var first = await sheets.AppendRowAsync(emulator.Tenant.SpreadsheetId, "Sheet1!A:E",
            new object?[] { "#1001", 1250.5m, "=HYPERLINK(\"x\")" }, CancellationToken.None);
        await sheets.AppendRowAsync(emulator.Tenant.SpreadsheetId, "Sheet1!A:E", new object?[] { "#1002", 99m, "Ann" },
            CancellationToken.None);

        Assert.Equal(expectedId, client.Learned.Get(ServiceFacts.SheetsConnectorId));
        Assert.Equal(1, recorder.Count(HttpMethod.Get, "/connectors")); // found once, then remembered
        Assert.Equal(2, recorder.Executes(expectedId, "appendRow").Count);
        Assert.Equal("Sheet1!A1:C1", first.UpdatedRange);
        var rows = emulator.State.Sheets.Rows(emulator.Tenant.SpreadsheetId);
        Assert.Equal(new[] { "#1001", "1250.5", "=HYPERLINK(\"x\")" }, rows[0]);
        Assert.Equal("RAW", emulator.State.Sheets.LastValueInputOption);
        var sent = recorder.Executes(expectedId, "appendRow")[0];
        Assert.Equal(realistic, sent["queryParameters"]?["valueInputOption"] != null);
        Assert.Equal(!realistic, sent["requestBody"]!["valueInputOption"] != null);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_emulator_lists_seeds_and_serves_sheets_under_the_profiles_id(bool realistic)
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic));
        using var http = new EmulatorHttp(emulator);
        var id = realistic ? "googleSheets" : "googlesheets";
        var other = realistic ? "googlesheets" : "googleSheets";

        var listed = await http.SendAsync(HttpMethod.Get, "connectors");
        var credentials = await http.SendAsync(HttpMethod.Get, $"connectors/{id}/credentials");
        var metadata = await http.SendAsync(HttpMethod.Get, $"connectors/{id}/credentials/metadata");
        var wrongSpelling = await http.SendAsync(HttpMethod.Get, $"connectors/{other}/actions/appendRow");

        Assert.Contains(id, listed.Body!["connectors"]!.AsArray().Select(c => (string?)c!["id"]));
        Assert.Equal(emulator.Tenant.GoogleSheetsCredentialId, (string?)credentials.Body!["credentials"]![0]!["credentialId"]);
        Assert.Equal(id + "-oauth2", (string?)credentials.Body!["credentials"]![0]!["type"]);
        Assert.Equal(200, metadata.Status);
        Assert.Equal(404, wrongSpelling.Status);
        var consent = await http.SendAsync(HttpMethod.Post, $"connectors/{id}/credentials",
            new JsonObject { ["userId"] = emulator.Tenant.UserId, ["authenticationType"] = "oauth2",
                ["redirectUri"] = "http://127.0.0.1:9/callback" });
        Assert.Contains("/_emulator/oauth/authorize?state=", (string?)consent.Body!["oauthUrl"]);
        Assert.Equal(id, emulator.State.Consents.Pending.Single().ConnectorId);
    }

    [Fact]
    public async Task The_realistic_appendRow_has_Googles_shape_and_refuses_a_missing_valueInputOption()
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic: true));
        using var http = new EmulatorHttp(emulator);

        var schema = (await http.SendAsync(HttpMethod.Get, "connectors/googleSheets/actions/appendRow")).Body!["action"]!;
        var parameters = schema["parameters"]!.AsArray().ToDictionary(p => (string)p!["name"]!,
            p => ((string)p!["in"]!, (bool)p!["required"]!));
        Assert.Equal(("path", true), parameters["spreadsheetId"]);
        Assert.Equal(("path", true), parameters["range"]);
        Assert.Equal(("query", true), parameters["valueInputOption"]);
        Assert.Equal(new[] { "values" }, schema["requestBody"]!["required"]!.AsArray().Select(n => (string)n!));

        var body = new JsonObject
        {
            ["credentialId"] = emulator.Tenant.GoogleSheetsCredentialId,
            ["pathParams"] = new JsonObject { ["spreadsheetId"] = emulator.Tenant.SpreadsheetId, ["range"] = "Sheet1!A:E" },
            ["requestBody"] = new JsonObject { ["values"] = new JsonArray(new JsonArray("#1")) },
        };
        var refused = await http.SendAsync(HttpMethod.Post, "connectors/googleSheets/actions/appendRow/execute", body);
        Assert.Equal(400, refused.Status);
        Assert.Contains("queryParameters.valueInputOption", (string?)refused.Body!["message"]);
        Assert.Empty(emulator.State.Sheets.Rows(emulator.Tenant.SpreadsheetId));

        body["queryParameters"] = new JsonObject { ["valueInputOption"] = "USER_ENTERED" };
        Assert.Equal(200, (await http.SendAsync(HttpMethod.Post, "connectors/googleSheets/actions/appendRow/execute", body)).Status);
        Assert.Equal("USER_ENTERED", emulator.State.Sheets.LastValueInputOption);
    }

    [Fact]
    public async Task An_explicit_connector_id_is_used_without_asking()
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic: true));
        var recorder = new RecordingHandler();
        using var client = SchemaTestKit.Client(emulator, recorder);

        await new GoogleSheetsClient(client, emulator.Tenant.GoogleSheetsCredentialId, "googleSheets")
            .AppendRowAsync(emulator.Tenant.SpreadsheetId, "Sheet1!A:E", new object?[] { "#1" }, CancellationToken.None);
        var wrong = await Assert.ThrowsAsync<AlloyNotFoundException>(() =>
            new GoogleSheetsClient(client, emulator.Tenant.GoogleSheetsCredentialId, "googlesheets")
            .AppendRowAsync(emulator.Tenant.SpreadsheetId, "Sheet1!A:E", new object?[] { "#2" }, CancellationToken.None));

        Assert.Equal(0, recorder.Count(HttpMethod.Get, "/connectors"));
        Assert.Contains("googlesheets", wrong.Message);
    }

    [Fact]
    public async Task No_sheets_connector_in_the_list_is_one_clear_error_naming_the_setting()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors", () => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("""{"connectors":[{"id":"shopify","name":"Shopify"},{"id":"slack","name":"Slack"}]}"""),
        });
        using var client = ClientFactory.Client(handler);

        var error = await Assert.ThrowsAsync<AlloyConfigurationException>(() => new GoogleSheetsClient(client, "66fb0000000000000000cafe")
            .AppendRowAsync("sheet", "Sheet1!A:E", new object?[] { "#1" }, CancellationToken.None));

        Assert.Equal("GoogleSheetsConnectorNotFound", error.ErrorId);
        Assert.Contains("GOOGLE_SHEETS_CONNECTOR_ID", error.Message);
    }

    [Theory]
    [InlineData("googleSheets", "Google Sheets", "googleSheets")]
    [InlineData("gsheets", "Google Sheets", "gsheets")]
    [InlineData("GOOGLESHEETS", "Sheets", "GOOGLESHEETS")]
    public async Task The_match_ignores_case_and_spaces_on_id_or_name(string id, string name, string expected)
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors", () => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent($$"""{"connectors":[{"id":"slack","name":"Slack"},{"id":"{{id}}","name":"{{name}}"}]}"""),
        });
        using var client = ClientFactory.Client(handler);

        Assert.Equal(expected, await GoogleSheetsConnector.ResolveAsync(client, null, CancellationToken.None));
    }
}
