using AlloyShopifySlack.Emulator;

namespace AlloyShopifySlack.Tests.Emulator;

/// <summary>The realistic profile: what Alloy is feared to do with fields its action schemas do not declare.</summary>
public sealed class EmulatorRealisticProfileTests
{
    private static EmulatorOptions Options(bool realistic)
    {
        var options = new EmulatorOptions { OrderCount = 5, SlackRateLimit = false,
            Now = new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero) };
        return realistic ? options.UseRealisticProfile(historyIntervalSeconds: 1) : options;
    }

    private static JsonObject Post(string channel) => new()
    {
        ["channel"] = channel,
        ["blocks"] = new JsonArray(new JsonObject
        {
            ["type"] = "section", ["block_id"] = "alert:key1", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "*New order*" },
        }),
        ["metadata"] = new JsonObject { ["event_type"] = "shopify_order_alert", ["event_payload"] = new JsonObject { ["order_id"] = "1" } },
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_guides_blocks_only_post_is_accepted_and_metadata_arrives_only_when_declared(bool realistic)
    {
        await using var emulator = await EmulatorServer.StartAsync(Options(realistic));
        using var http = new EmulatorHttp(emulator);
        var channel = emulator.Tenant.ChannelId;

        var posted = await http.ExecuteAsync("slack", "chat_postMessage", emulator.Tenant.SlackCredentialId, requestBody: Post(channel));

        Assert.Equal(200, posted.Status);
        Assert.True((bool)posted.Body!["responseData"]!["ok"]!);
        var stored = emulator.State.Slack.Messages(channel).Single();
        Assert.Equal("alert:key1", (string)stored.Blocks![0]!["block_id"]!); // a block_id always travels
        Assert.Equal(!realistic, stored.Metadata != null);
    }

    [Fact]
    public async Task The_realistic_schema_declares_no_metadata_and_no_include_all_metadata()
    {
        await using var emulator = await EmulatorServer.StartAsync(Options(realistic: true));
        using var http = new EmulatorHttp(emulator);

        var post = await http.SendAsync(System.Net.Http.HttpMethod.Get, "connectors/slack/actions/chat_postMessage", null);
        var history = await http.SendAsync(System.Net.Http.HttpMethod.Get, "connectors/slack/actions/conversations_history", null);

        Assert.Null(post.Body!["action"]!["requestBody"]!["properties"]!["metadata"]);
        Assert.NotNull(post.Body!["action"]!["requestBody"]!["properties"]!["blocks"]);
        Assert.DoesNotContain(history.Body!["action"]!["parameters"]!.AsArray(), p => (string)p!["name"]! == "include_all_metadata");
    }
}
