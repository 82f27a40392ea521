using System.Net;
using System.Net.Sockets;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Slack;

namespace AlloyShopifySlack.Tests.Emulator;

public sealed class EmulatorClickAndSheetsTests
{
    private static EmulatorOptions Options() => new() { OrderCount = 5, SlackRateLimit = false };

    [Fact]
    public void The_signature_matches_Slacks_documented_test_vector()
    {
        const string body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=" +
            "foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%" +
            "2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121." +
            "803a0bc887a14d10d2c447fce8b6703c";

        var signature = ClickSimulator.Sign("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", body);

        Assert.Equal("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", signature);
    }

    [Fact]
    public async Task A_click_posts_a_signed_block_actions_payload_for_the_stored_message()
    {
        await using var emulator = await EmulatorServer.StartAsync(Options());
        using var http = new EmulatorHttp(emulator);
        var blocks = new JsonArray(new JsonObject
        {
            ["type"] = "actions", ["block_id"] = "ack_block",
            ["elements"] = new JsonArray(new JsonObject
            {
                ["type"] = "button", ["action_id"] = "acknowledge_order", ["value"] = "#1001|gid://shopify/Order/1",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Acknowledge" },
            }),
        });
        var posted = await http.ExecuteAsync("slack", "chat_postMessage", emulator.Tenant.SlackCredentialId,
            requestBody: new JsonObject { ["channel"] = emulator.Tenant.ChannelId, ["text"] = "alert", ["blocks"] = blocks });
        var ts = (string)posted.Body!["responseData"]!["ts"]!;

        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/slack/interactions/");
        listener.Start();
        var received = ReceiveOnceAsync(listener);

        var result = await emulator.ClickAsync(new ClickRequest
        {
            Channel = emulator.Tenant.ChannelId, Ts = ts, ActionId = "acknowledge_order", UserId = "U0ALICE",
            TargetUrl = $"http://127.0.0.1:{port}/slack/interactions/", SigningSecret = "s3cret",
        });
        var (body, timestamp, signature, contentType) = await received;

        Assert.Equal(200, result.StatusCode);
        Assert.StartsWith("application/x-www-form-urlencoded", contentType);
        Assert.Equal(ClickSimulator.Sign("s3cret", timestamp, body), signature);
        Assert.StartsWith("payload=", body);
        var payload = JsonNode.Parse(Uri.UnescapeDataString(body["payload=".Length..]))!;
        Assert.Equal("block_actions", (string?)payload["type"]);
        Assert.Equal("U0ALICE", (string?)payload["user"]!["id"]);
        Assert.Equal(ts, (string?)payload["container"]!["message_ts"]);
        Assert.Equal(emulator.Tenant.ChannelId, (string?)payload["channel"]!["id"]);
        Assert.Equal("#1001|gid://shopify/Order/1", (string?)payload["actions"]![0]!["value"]);
        Assert.Equal("ack_block", (string?)payload["actions"]![0]!["block_id"]);
        Assert.NotNull(payload["message"]!["blocks"]);
    }

    [Fact]
    public async Task AppendRow_adds_rows_and_answers_like_values_append()
    {
        await using var emulator = await EmulatorServer.StartAsync(Options());
        using var http = new EmulatorHttp(emulator);
        var sheet = emulator.Tenant.SpreadsheetId;

        var first = await http.ExecuteAsync("googlesheets", "appendRow", emulator.Tenant.GoogleSheetsCredentialId,
            requestBody: new JsonObject { ["spreadsheetId"] = sheet, ["range"] = "Sheet1!A:E",
                ["values"] = new JsonArray(new JsonArray("#1001", "1250.00", "Zoë", "U1", "2024-01-15T10:00:00Z")) });
        var second = await http.ExecuteAsync("googlesheets", "appendRow", emulator.Tenant.GoogleSheetsCredentialId,
            requestBody: new JsonObject { ["spreadsheetId"] = sheet, ["range"] = "Sheet1!A:E",
                ["values"] = new JsonArray("#1002", "600.00", "Ann", "U2", "2024-01-15T11:00:00Z") });

        Assert.Equal("", (string?)first.Body!["responseData"]!["tableRange"]);
        Assert.Equal("Sheet1!A1:E1", (string?)first.Body!["responseData"]!["updates"]!["updatedRange"]);
        Assert.Equal("Sheet1!A1:E1", (string?)second.Body!["responseData"]!["tableRange"]);
        Assert.Equal("Sheet1!A2:E2", (string?)second.Body!["responseData"]!["updates"]!["updatedRange"]);
        Assert.Equal(new[] { "#1001", "#1002" }, emulator.State.Sheets.Rows(sheet).Select(r => r[0]));
    }

    [Fact]
    public async Task TagsAdd_is_idempotent_and_getShop_names_the_store()
    {
        await using var emulator = await EmulatorServer.StartAsync(Options());
        using var http = new EmulatorHttp(emulator);
        var order = emulator.State.Shopify.Orders[0];

        await http.ExecuteAsync("shopify", "tagsAdd", emulator.Tenant.ShopifyCredentialId,
            requestBody: new JsonObject { ["id"] = order.Id, ["tags"] = new JsonArray("acknowledged") });
        var again = await http.ExecuteAsync("shopify", "tagsAdd", emulator.Tenant.ShopifyCredentialId,
            requestBody: new JsonObject { ["id"] = order.Id, ["tags"] = "acknowledged" });
        var shop = await http.ExecuteAsync("shopify", "getShop", emulator.Tenant.ShopifyCredentialId);

        Assert.Equal(order.Id, (string?)again.Body!["responseData"]!["data"]!["tagsAdd"]!["node"]!["id"]);
        Assert.Empty(again.Body!["responseData"]!["data"]!["tagsAdd"]!["userErrors"]!.AsArray());
        Assert.Equal(1, order.Tags.Count(t => t == "acknowledged"));
        Assert.Equal($"{emulator.Tenant.StoreDomain}.myshopify.com", (string?)shop.Body!["responseData"]!["data"]!["shop"]!["mys" +
            "hopifyDomain"]);
        Assert.Equal("USD", (string?)shop.Body!["responseData"]!["data"]!["shop"]!["currencyCode"]);
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static async Task<(string Body, string Timestamp, string Signature, string ContentType)> ReceiveOnceAsync(HttpListener listener)
    {
        var context = await listener.GetContextAsync();
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        var result = (body, context.Request.Headers["X-Slack-Request-Timestamp"]!, context.Request.Headers["X-Slack-Signature"]!,
            context.Request.ContentType!);
        context.Response.StatusCode = 200;
        context.Response.Close();
        return result;
    }
}
