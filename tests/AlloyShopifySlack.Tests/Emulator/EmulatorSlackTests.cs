using AlloyShopifySlack.Emulator;

namespace AlloyShopifySlack.Tests.Emulator;

public sealed class EmulatorSlackTests
{
    private static EmulatorOptions Frozen() => new() { OrderCount = 10, Now = new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero) };

    [Fact]
    public async Task Posting_faster_than_the_channel_allows_gets_429_with_Retry_After_until_a_token_is_back()
    {
        await using var emulator = await EmulatorServer.StartAsync(Frozen());
        using var http = new EmulatorHttp(emulator);
        var channel = emulator.Tenant.ChannelId;

        for (var i = 0; i < 5; i++) Assert.Equal(200, (await http.PostMessageAsync(channel, $"burst {i}")).Status);
        var limited = await http.PostMessageAsync(channel, "one too many");
        var otherChannel = await http.PostMessageAsync(emulator.Tenant.ChannelIds[1], "another channel has its own bucket");
        emulator.State.Clock.Advance(TimeSpan.FromSeconds(1));
        var afterWait = await http.PostMessageAsync(channel, "after a second");

        Assert.Equal(429, limited.Status);
        Assert.Equal("1", limited.Response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("ratelimited", (string?)limited.Body!["error"]);
        Assert.Equal(200, otherChannel.Status);
        Assert.Equal(200, afterWait.Status);
        Assert.Equal(6, emulator.Messages(channel).Count);
    }

    [Fact]
    public async Task A_workspace_limit_counts_posts_over_every_channel_in_any_minute()
    {
        var options = Frozen();
        options.SlackWorkspaceMessagesPerMinute = 4;
        await using var emulator = await EmulatorServer.StartAsync(options);
        using var http = new EmulatorHttp(emulator);
        var channels = emulator.Tenant.ChannelIds;

        for (var i = 0; i < 4; i++) Assert.Equal(200, (await http.PostMessageAsync(channels[i % 2], $"post {i}")).Status);
        var limited = await http.PostMessageAsync(channels[2], "a fresh channel, but the workspace is full");
        emulator.State.Clock.Advance(TimeSpan.FromSeconds(59));
        var stillFull = await http.PostMessageAsync(channels[3], "not yet");
        emulator.State.Clock.Advance(TimeSpan.FromSeconds(1));
        var afterAMinute = await http.PostMessageAsync(channels[3], "the first minute is over");

        Assert.Equal(429, limited.Status);
        Assert.Equal("60", limited.Response.Headers.GetValues("Retry-After").Single());
        Assert.Equal(429, stillFull.Status);
        Assert.Equal("1", stillFull.Response.Headers.GetValues("Retry-After").Single());
        Assert.Equal(200, afterAMinute.Status);
        Assert.Equal(5, emulator.State.Slack.AllMessages().Count); // a refused post took no place in the minute
        Assert.Equal(4, (int?)emulator.State.Slack.WorkspaceMessagesPerMinute);

        using var admin = new System.Net.Http.HttpClient { BaseAddress = emulator.BaseUri };
        var lifted = await admin.PostAsync("_emulator/config", new System.Net.Http.StringContent("{\"slackWorkspacePerMinute\":null}",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.True(lifted.IsSuccessStatusCode);
        Assert.Null((int?)JsonNode.Parse(await lifted.Content.ReadAsStringAsync())!["slackWorkspacePerMinute"]);
        Assert.Null(emulator.State.Slack.WorkspaceMessagesPerMinute);
    }

    [Fact]
    public async Task Slack_failures_come_back_as_ok_false_inside_a_200()
    {
        await using var emulator = await EmulatorServer.StartAsync(Frozen());
        using var http = new EmulatorHttp(emulator);

        var unknown = await http.PostMessageAsync("C0DOESNOTEXIST", "hello");
        var notMember = await http.PostMessageAsync(emulator.Tenant.NotMemberChannelId, "hello");

        Assert.Equal(200, unknown.Status);
        Assert.False((bool)unknown.Body!["responseData"]!["ok"]!);
        Assert.Equal("channel_not_found", (string?)unknown.Body!["responseData"]!["error"]);
        Assert.Equal("not_in_channel", (string?)notMember.Body!["responseData"]!["error"]);
    }

    [Fact]
    public async Task Posted_messages_keep_text_and_metadata_and_get_increasing_unique_ts()
    {
        await using var emulator = await EmulatorServer.StartAsync(Frozen());
        using var http = new EmulatorHttp(emulator);
        var body = new JsonObject
        {
            ["channel"] = emulator.Tenant.ChannelId,
            ["text"] = "Order #1001 &lt;!channel&gt;",
            ["metadata"] = new JsonObject { ["event_type"] = "shopify_order_alert",
                ["event_payload"] = new JsonObject { ["order_id"] = "gid://shopify/Order/1" } },
        };

        var first = await http.ExecuteAsync("slack", "chat_postMessage", emulator.Tenant.SlackCredentialId, requestBody: body);
        var second = await http.ExecuteAsync("slack", "chat_postMessage", emulator.Tenant.SlackCredentialId,
            requestBody: (JsonObject)body.DeepClone());

        var ts1 = (string)first.Body!["responseData"]!["ts"]!;
        var ts2 = (string)second.Body!["responseData"]!["ts"]!;
        Assert.Matches(@"^\d{10}\.\d{6}$", ts1);
        Assert.True(decimal.Parse(ts2, System.Globalization.CultureInfo.InvariantCulture) > decimal.Parse(ts1,
            System.Globalization.CultureInfo.InvariantCulture));
        var stored = emulator.Messages().First();
        Assert.Equal("Order #1001 &lt;!channel&gt;", stored.Text);
        Assert.Equal("shopify_order_alert", (string?)stored.Metadata!["event_type"]);
    }
}
