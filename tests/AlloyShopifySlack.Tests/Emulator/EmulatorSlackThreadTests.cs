using AlloyShopifySlack.Emulator;

namespace AlloyShopifySlack.Tests.Emulator;

/// <summary>Thread replies, conversations.replies under Slack's limits, permalinks, channel info and ephemeral messages.</summary>
public sealed class EmulatorSlackThreadTests
{
    private static EmulatorOptions Options(bool realistic = false)
    {
        var options = new EmulatorOptions { OrderCount = 0, SlackRateLimit = false,
            Now = new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero) };
        return realistic ? options.UseRealisticProfile(historyIntervalSeconds: 60) : options;
    }

    private static async Task<string> PostAsync(EmulatorServer emulator, EmulatorHttp http, string text, string? threadTs = null,
        string? blockId = null)
    {
        var body = new JsonObject { ["channel"] = emulator.Tenant.ChannelId, ["text"] = text };
        if (threadTs != null) body["thread_ts"] = threadTs;
        if (blockId != null) body["blocks"] = new JsonArray(new JsonObject { ["type"] = "section", ["block_id"] = blockId,
            ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } });
        body["metadata"] = new JsonObject { ["event_type"] = "shopify_order_followup",
            ["event_payload"] = new JsonObject { ["followup_key"] = text } };
        var answer = await http.ExecuteAsync("slack", "chat_postMessage", emulator.Tenant.SlackCredentialId, requestBody: body);
        Assert.True((bool)answer.Body!["responseData"]!["ok"]!, answer.Body.ToJsonString());
        return (string)answer.Body!["responseData"]!["ts"]!;
    }

    private static Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> RepliesAsync(EmulatorServer emulator, EmulatorHttp http,
        string ts, string? cursor = null)
    {
        var query = new JsonObject { ["channel"] = emulator.Tenant.ChannelId, ["ts"] = ts, ["include_all_metadata"] = true };
        if (cursor != null) query["cursor"] = cursor;
        return http.ExecuteAsync("slack", "conversations_replies", emulator.Tenant.SlackCredentialId, query);
    }

    [Fact]
    public async Task Replies_stay_out_of_history_and_conversations_replies_gives_the_parent_then_its_replies()
    {
        await using var emulator = await EmulatorServer.StartAsync(Options());
        using var http = new EmulatorHttp(emulator);
        var parent = await PostAsync(emulator, http, "alert");
        var first = await PostAsync(emulator, http, "reply 1", parent);
        var second = await PostAsync(emulator, http, "reply 2", first); // a reply's ts names its parent's thread
        await PostAsync(emulator, http, "later");

        var history = await http.ExecuteAsync("slack", "conversations_history", emulator.Tenant.SlackCredentialId,
            new JsonObject { ["channel"] = emulator.Tenant.ChannelId });
        var thread = (await RepliesAsync(emulator, http, parent)).Body!["responseData"]!;
        var missing = (await RepliesAsync(emulator, http, "1700000000.000001")).Body!["responseData"]!;
        var orphan = await http.ExecuteAsync("slack", "chat_postMessage", emulator.Tenant.SlackCredentialId,
            requestBody: new JsonObject { ["channel"] = emulator.Tenant.ChannelId, ["text"] = "x", ["thread_ts"] = "1700000000.000001" });

        var top = history.Body!["responseData"]!["messages"]!.AsArray();
        Assert.Equal(new[] { "later", "alert" }, top.Select(m => (string)m!["text"]!));
        Assert.Equal(2, (int)top[1]!["reply_count"]!);
        Assert.Equal(second, (string)top[1]!["latest_reply"]!);
        Assert.Equal(new[] { "alert", "reply 1", "reply 2" }, thread["messages"]!.AsArray().Select(m => (string)m!["text"]!));
        Assert.Equal(parent, (string)thread["messages"]![2]!["thread_ts"]!);
        Assert.Equal("reply 2", (string)thread["messages"]![2]!["metadata"]!["event_payload"]!["followup_key"]!);
        Assert.False((bool)thread["has_more"]!);
        Assert.Equal("thread_not_found", (string)missing["error"]!);
        Assert.Equal("thread_not_found", (string)orphan.Body!["responseData"]!["error"]!);
        Assert.Equal(2, emulator.State.Slack.Replies(emulator.Tenant.ChannelId, parent).Count);
    }

    [Fact]
    public async Task Under_the_realistic_profile_replies_come_15_a_call_at_one_call_a_minute_and_block_ids_outlive_metadata()
    {
        await using var emulator = await EmulatorServer.StartAsync(Options(realistic: true));
        using var http = new EmulatorHttp(emulator);
        var parent = await PostAsync(emulator, http, "alert");
        for (var n = 1; n <= 20; n++) await PostAsync(emulator, http, "reply " + n, parent, blockId: "alloy-followup:1." + n);

        var page = await RepliesAsync(emulator, http, parent);
        var refused = await RepliesAsync(emulator, http, parent, (string)page.Body!["responseData"]!["response_metadata"]!["next_cursor"]!);
        var history = await http.ExecuteAsync("slack", "conversations_history", emulator.Tenant.SlackCredentialId,
            new JsonObject { ["channel"] = emulator.Tenant.ChannelId });
        emulator.State.Clock.Advance(TimeSpan.FromSeconds(60));
        var rest = await RepliesAsync(emulator, http, parent, (string)page.Body!["responseData"]!["response_metadata"]!["next_cursor"]!);

        var messages = page.Body!["responseData"]!["messages"]!.AsArray();
        Assert.Equal(15, messages.Count);
        Assert.True((bool)page.Body!["responseData"]!["has_more"]!);
        Assert.Equal(429, refused.Status);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Response.Headers.RetryAfter!.Delta);
        Assert.Equal(200, history.Status); // history has its own turn
        Assert.Equal(6, rest.Body!["responseData"]!["messages"]!.AsArray().Count);
        Assert.Equal("alloy-followup:1.1", (string)messages[1]!["blocks"]![0]!["block_id"]!);
        Assert.All(messages, m => Assert.Null(m!["metadata"]));
        Assert.Equal(3, emulator.State.Counters["slack/conversations_replies"]);
    }

    [Fact]
    public async Task Permalinks_channel_info_ephemeral_messages_and_what_people_do_by_hand()
    {
        await using var emulator = await EmulatorServer.StartAsync(Options(realistic: true));
        using var http = new EmulatorHttp(emulator);
        var channel = emulator.Tenant.ChannelId;
        var parent = await PostAsync(emulator, http, "alert");
        var reply = await PostAsync(emulator, http, "reply", parent);

        var link = await http.ExecuteAsync("slack", "chat_getPermalink", emulator.Tenant.SlackCredentialId,
            new JsonObject { ["channel"] = channel, ["message_ts"] = parent });
        var replyLink = await http.ExecuteAsync("slack", "chat_getPermalink", emulator.Tenant.SlackCredentialId,
            new JsonObject { ["channel"] = channel, ["message_ts"] = reply });
        var info = await http.ExecuteAsync("slack", "conversations_info", emulator.Tenant.SlackCredentialId,
            new JsonObject { ["channel"] = channel });
        var ephemeral = await http.ExecuteAsync("slack", "chat_postEphemeral", emulator.Tenant.SlackCredentialId,
            requestBody: new JsonObject { ["channel"] = channel, ["user"] = "U0SECOND01", ["text"] = "claimed by someone else" });
        var copy = emulator.State.Slack.Repost(channel, parent)!;
        var deleted = emulator.State.Slack.Delete(channel, parent);
        var gone = await http.ExecuteAsync("slack", "chat_getPermalink", emulator.Tenant.SlackCredentialId,
            new JsonObject { ["channel"] = channel, ["message_ts"] = parent });

        Assert.Equal($"https://alloy-emulator.slack.com/archives/{channel}/p{parent.Replace(".", "")}",
            (string)link.Body!["responseData"]!["permalink"]!);
        Assert.EndsWith($"?thread_ts={parent}&cid={channel}", (string)replyLink.Body!["responseData"]!["permalink"]!);
        Assert.Equal("order-alerts", (string)info.Body!["responseData"]!["channel"]!["name"]!);
        Assert.True((bool)ephemeral.Body!["responseData"]!["ok"]!);
        Assert.Equal("U0SECOND01", emulator.State.Slack.EphemeralMessages.Single().User);
        Assert.True(deleted);
        Assert.Equal("message_not_found", (string)gone.Body!["responseData"]!["error"]!);
        Assert.Equal(new[] { reply, copy.Ts }, emulator.State.Slack.Messages(channel).Select(m => m.Ts).OrderBy(t => t));
        Assert.DoesNotContain(emulator.State.Slack.Messages(channel), m => m.Text == "claimed by someone else"); // never in the channel
    }
}
