using AlloyShopifySlack.Emulator;

namespace AlloyShopifySlack.Tests.Emulator;

public sealed class EmulatorSlackApiTests
{
    private static EmulatorOptions Frozen() => new() { OrderCount = 5, SlackRateLimit = false,
        Now = new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero) };

    private static JsonObject AlertBody(string channel, string orderId) => new()
    {
        ["channel"] = channel,
        ["text"] = "alert " + orderId,
        ["blocks"] = new JsonArray(
            new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "Order " + orderId } },
            new JsonObject
            {
                ["type"] = "actions", ["block_id"] = "ack",
                ["elements"] = new JsonArray(new JsonObject
                {
                    ["type"] = "button", ["action_id"] = "acknowledge_order", ["value"] = "#1001|" + orderId,
                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Acknowledge" },
                }),
            }),
        ["metadata"] = new JsonObject { ["event_type"] = "shopify_order_alert",
            ["event_payload"] = new JsonObject { ["order_id"] = orderId } },
    };

    [Fact]
    public async Task History_returns_event_payload_only_with_include_all_metadata()
    {
        await using var emulator = await EmulatorServer.StartAsync(Frozen());
        using var http = new EmulatorHttp(emulator);
        var channel = emulator.Tenant.ChannelId;
        for (var i = 0; i < 3; i++)
            await http.ExecuteAsync("slack", "chat_postMessage", emulator.Tenant.SlackCredentialId,
                requestBody: AlertBody(channel, "gid://shopify/Order/" + i));

        var plain = await http.ExecuteAsync("slack", "conversations_history", emulator.Tenant.SlackCredentialId,
            new JsonObject { ["channel"] = channel, ["limit"] = 2 });
        var withMetadata = await http.ExecuteAsync("slack", "conversations_history", emulator.Tenant.SlackCredentialId,
            new JsonObject { ["channel"] = channel, ["limit"] = 2, ["include_all_metadata"] = true });
        var cursor = (string)withMetadata.Body!["responseData"]!["response_metadata"]!["next_cursor"]!;
        var rest = await http.ExecuteAsync("slack", "conversations_history", emulator.Tenant.SlackCredentialId,
            new JsonObject { ["channel"] = channel, ["limit"] = 2, ["include_all_metadata"] = "true", ["cursor"] = cursor });

        var plainMessages = plain.Body!["responseData"]!["messages"]!.AsArray();
        Assert.All(plainMessages, m => Assert.Null(m!["metadata"]));
        var page1 = withMetadata.Body!["responseData"]!;
        Assert.True((bool)page1["has_more"]!);
        Assert.Equal(new[] { "gid://shopify/Order/2", "gid://shopify/Order/1" },
            page1["messages"]!.AsArray().Select(m => (string?)m!["metadata"]!["event_payload"]!["order_id"]));
        var page2 = rest.Body!["responseData"]!;
        Assert.False((bool)page2["has_more"]!);
        Assert.Equal("gid://shopify/Order/0", (string?)page2["messages"]![0]!["metadata"]!["event_payload"]!["order_id"]);
    }

    [Fact]
    public async Task Update_replaces_the_blocks_of_a_stored_message_and_knows_unknown_ones()
    {
        await using var emulator = await EmulatorServer.StartAsync(Frozen());
        using var http = new EmulatorHttp(emulator);
        var posted = await http.ExecuteAsync("slack", "chat_postMessage", emulator.Tenant.SlackCredentialId,
            requestBody: AlertBody(emulator.Tenant.ChannelId, "gid://shopify/Order/9"));
        var ts = (string)posted.Body!["responseData"]!["ts"]!;
        var newBlocks = new JsonArray(new JsonObject { ["type"] = "section",
            ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "✅ Acknowledged by <@U1>" } });

        var updated = await http.ExecuteAsync("slack", "chat_update", emulator.Tenant.SlackCredentialId,
            requestBody: new JsonObject { ["channel"] = emulator.Tenant.ChannelId, ["ts"] = ts, ["blocks"] = newBlocks,
                ["text"] = "acknowledged" });
        var missing = await http.ExecuteAsync("slack", "chat_update", emulator.Tenant.SlackCredentialId,
            requestBody: new JsonObject { ["channel"] = emulator.Tenant.ChannelId, ["ts"] = "1.000001", ["text"] = "x" });

        Assert.True((bool)updated.Body!["responseData"]!["ok"]!);
        var stored = emulator.Messages().Single();
        Assert.Equal("✅ Acknowledged by <@U1>", (string?)stored.Blocks![0]!["text"]!["text"]);
        Assert.Equal("shopify_order_alert", (string?)stored.Metadata!["event_type"]);
        Assert.Equal(1, stored.UpdateCount);
        Assert.Equal("message_not_found", (string?)missing.Body!["responseData"]!["error"]);
    }

    [Fact]
    public async Task Block_kit_limits_are_enforced_as_invalid_blocks()
    {
        await using var emulator = await EmulatorServer.StartAsync(Frozen());
        using var http = new EmulatorHttp(emulator);
        var header = new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text",
            ["text"] = new string('x', 151) } };

        var answer = await http.ExecuteAsync("slack", "chat_postMessage", emulator.Tenant.SlackCredentialId,
            requestBody: new JsonObject { ["channel"] = emulator.Tenant.ChannelId, ["text"] = "t", ["blocks"] = new JsonArray(header) });

        Assert.Equal("invalid_blocks", (string?)answer.Body!["responseData"]!["error"]);
        Assert.Empty(emulator.Messages());
    }

    [Fact]
    public async Task Auth_test_and_conversations_list_describe_the_workspace()
    {
        await using var emulator = await EmulatorServer.StartAsync(Frozen());
        using var http = new EmulatorHttp(emulator);

        var auth = await http.ExecuteAsync("slack", "auth_test", emulator.Tenant.SlackCredentialId);
        var list = await http.ExecuteAsync("slack", "conversations_list", emulator.Tenant.SlackCredentialId,
            new JsonObject { ["limit"] = 3 });
        var next = await http.ExecuteAsync("slack", "conversations_list", emulator.Tenant.SlackCredentialId,
            new JsonObject { ["limit"] = 3, ["cursor"] = (string)list.Body!["responseData"]!["response_metadata"]!["next_cursor"]! });

        var identity = auth.Body!["responseData"]!;
        foreach (var field in new[] { "url", "team", "user", "team_id", "user_id", "bot_id" }) Assert.NotNull(identity[field]);
        var first = list.Body!["responseData"]!["channels"]!.AsArray().Select(c => (string?)c!["id"]).ToList();
        var second = next.Body!["responseData"]!["channels"]!.AsArray().Select(c => (string?)c!["id"]).ToList();
        Assert.Equal(3, first.Count);
        Assert.Equal(emulator.Tenant.ChannelId, first[0]);
        Assert.Empty(first.Intersect(second));
    }


    [Fact]
    public async Task Conversations_info_tells_membership_archival_and_hides_private_channels_the_app_is_not_in()
    {
        await using var emulator = await EmulatorServer.StartAsync(Frozen());
        using var http = new EmulatorHttp(emulator);
        emulator.State.Slack.AddChannel("C0PUBLICNO1", "public-no-bot", isMember: false);

        async Task<JsonNode> Info(string channel) =>
            (await http.ExecuteAsync("slack", "conversations_info", emulator.Tenant.SlackCredentialId,
                new JsonObject { ["channel"] = channel })).Body!["responseData"]!;

        var alerts = await Info(emulator.Tenant.ChannelId);
        Assert.True((bool)alerts["ok"]!);
        Assert.Equal("order-alerts", (string?)alerts["channel"]!["name"]);
        Assert.True((bool)alerts["channel"]!["is_member"]!);
        Assert.False((bool)(await Info("C0PUBLICNO1"))["channel"]!["is_member"]!);
        Assert.True((bool)(await Info("C0ARCHIVED1"))["channel"]!["is_archived"]!);
        Assert.Equal("channel_not_found", (string?)(await Info("C0NOTMEMBER"))["error"]);
        Assert.Equal("channel_not_found", (string?)(await Info("C0NOPE"))["error"]);
    }
}
