using System.Net;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Tests.Slack;

public class SlackClientTests
{
    private readonly VirtualClock _clock = new();
    private readonly FakeSlackConnector _slack;
    private readonly SlackClient _client;

    public SlackClientTests()
    {
        _slack = new FakeSlackConnector(_clock);
        _client = new SlackClient(_slack.NewClient(), "cred-slack");
    }

    private static SlackMessage Alert() => new OrderMessageBuilder().Build(Orders.Sample());

    [Fact]
    public async Task Posts_channel_text_blocks_and_metadata_and_returns_the_ts()
    {
        var message = Alert();
        var posted = await _client.PostMessageAsync("C1", message, CancellationToken.None);
        Assert.Equal("C1", posted.Channel);
        Assert.False(string.IsNullOrEmpty(posted.Ts));
        var call = Assert.Single(_slack.Calls);
        Assert.Equal("chat_postMessage", call.Action);
        Assert.Equal("cred-slack", call.Body["credentialId"]!.GetValue<string>());
        Assert.Equal(message.Text, call.RequestBody["text"]!.GetValue<string>());
        Assert.Equal(message.Blocks!.ToJsonString(), call.RequestBody["blocks"]!.ToJsonString());
        Assert.Equal("shopify_order_alert", call.RequestBody["metadata"]!["event_type"]!.GetValue<string>());
        Assert.False(call.RequestBody["unfurl_links"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("not_in_channel", "/invite")]
    [InlineData("channel_not_found", "Check the channel id")]
    [InlineData("invalid_auth", "Connect-AlloySlack")]
    [InlineData("token_revoked", "Connect-AlloySlack")]
    [InlineData("msg_too_long", "Shorten")]
    [InlineData("invalid_blocks", "blocks")]
    public async Task Ok_false_is_a_failure_with_slacks_code_and_a_remedy(string code, string remedy)
    {
        _slack.Respond = call => FakeSlackConnector.SlackError(code);
        var error = await Assert.ThrowsAsync<SlackApiException>(() => _client.PostMessageAsync("C1", Alert(), CancellationToken.None));
        Assert.Equal(code, error.Code);
        Assert.Contains(remedy, error.Remedy);
        Assert.Contains(code, error.Message);
        Assert.Contains(remedy, error.Message);
        Assert.IsAssignableFrom<ProviderException>(error);
        Assert.Single(_slack.Calls);
    }

    [Fact]
    public async Task Slacks_detail_messages_are_kept()
    {
        _slack.Respond = call => FakeSlackConnector.SlackError("invalid_blocks",
            new JsonObject { ["response_metadata"] = new JsonObject { ["messages"] =
                new JsonArray("[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]") } });
        var error = await Assert.ThrowsAsync<SlackApiException>(() => _client.PostMessageAsync("C1", Alert(), CancellationToken.None));
        Assert.Contains("json-pointer:/blocks/0/text/text", error.Message);
    }

    [Fact]
    public async Task Ok_false_ratelimited_is_waited_out_and_retried()
    {
        var refused = 0;
        _slack.Respond = call => refused++ < 2 ? FakeSlackConnector.SlackError(refused == 1 ? "ratelimited" : "rate_limited",
            new JsonObject { ["retry_after"] = 3 }) : null;
        var posting = _client.PostMessageAsync("C1", Alert(), CancellationToken.None);
        await _clock.RunAsync(posting, () => 1);
        Assert.Equal(3, _slack.Calls.Count);
        Assert.Single(_slack.Posted);
        Assert.Equal(new[] { TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3) }, _clock.Requested);
        Assert.Equal(_clock.Start.AddSeconds(6), _slack.Posted[0].At);
    }

    [Fact]
    public async Task Http_429_from_alloy_honours_retry_after()
    {
        var refused = false;
        _slack.Respond = call =>
        {
            if (refused) return null;
            refused = true;
            return FakeSlackConnector.TooManyRequests(2);
        };
        var posting = _client.PostMessageAsync("C1", Alert(), CancellationToken.None);
        await _clock.RunAsync(posting, () => 1);
        Assert.Equal(2, _slack.Calls.Count);
        Assert.Equal(_clock.Start.AddSeconds(2), _slack.Posted.Single().At);
    }

    [Fact]
    public async Task A_rate_limit_that_never_ends_is_reported()
    {
        _slack.Respond = call => FakeSlackConnector.SlackError("ratelimited");
        _client.MaxRateLimitRetries = 2;
        var posting = _client.PostMessageAsync("C1", Alert(), CancellationToken.None);
        await Assert.ThrowsAsync<SlackApiException>(() => _clock.RunAsync(posting, () => 1));
        Assert.Equal(3, _slack.Calls.Count);
    }

    [Fact]
    public async Task A_post_refused_as_rate_limited_is_sent_at_most_four_times_and_alloy_does_not_resend_it()
    {
        _slack.Respond = call => FakeSlackConnector.TooManyRequests(1);
        var posting = _client.PostMessageAsync("C1", Alert(), CancellationToken.None);
        var error = await Assert.ThrowsAsync<AlloyRateLimitException>(() => _clock.RunAsync(posting, () => 1));
        Assert.Equal(4, _slack.Calls.Count); // the transport reports each 429 up (its own policy would try 3 times each)
        Assert.Equal(4, error.Attempts);
        Assert.Equal(4, _client.Pacer.Describe("C1").Refusals);
    }

    [Fact]
    public async Task An_update_goes_through_the_same_pacer_as_posts()
    {
        var refused = false;
        _slack.Respond = call =>
        {
            if (refused) return null;
            refused = true;
            return FakeSlackConnector.TooManyRequests(2);
        };
        var updating = _client.UpdateMessageAsync("C1", "1705312800.000001", new SlackMessage("done"), CancellationToken.None);
        await _clock.RunAsync(updating, () => 1);
        var posting = _client.PostMessageAsync("C1", Alert(), CancellationToken.None);
        await _clock.RunAsync(posting, () => 1);
        // The update was refused (2 s), sent again, and taught the channel its pace: the post waits its turn after it.
        Assert.Equal(new[] { "chat_update", "chat_update", "chat_postMessage" }, _slack.Calls.Select(c => c.Action));
        Assert.Equal(_clock.Start.AddSeconds(2), _slack.Calls[1].At);
        Assert.Equal(_clock.Start.AddTicks(30_050_000), _slack.Posted.Single().At);
    }

    [Fact]
    public async Task An_ambiguous_failure_of_a_post_propagates_untouched_and_is_not_retried()
    {
        _slack.Respond = call => FakeSlackConnector.Json(HttpStatusCode.BadGateway, new JsonObject { ["message"] = "upstream" });
        await Assert.ThrowsAsync<AlloyAmbiguousResultException>(() => _client.PostMessageAsync("C1", Alert(), CancellationToken.None));
        Assert.Single(_slack.Calls);
    }

    [Fact]
    public async Task A_post_answer_without_ts_is_ambiguous()
    {
        _slack.Respond = call => FakeSlackConnector.Ok(new JsonObject { ["ok"] = true });
        await Assert.ThrowsAsync<AlloyAmbiguousResultException>(() => _client.PostMessageAsync("C1", Alert(), CancellationToken.None));
    }

    [Fact]
    public async Task Update_sends_the_ts_and_the_new_content()
    {
        await _client.UpdateMessageAsync("C1", "1705312800.000001", new SlackMessage(
            "done") { Blocks = new JsonArray(BlockKit.Section("done")) }, CancellationToken.None);
        var call = Assert.Single(_slack.Calls);
        Assert.Equal("chat_update", call.Action);
        Assert.Equal("1705312800.000001", call.RequestBody["ts"]!.GetValue<string>());
        Assert.Equal("done", call.RequestBody["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Auth_test_says_who_the_credential_is()
    {
        var info = await _client.AuthTestAsync(CancellationToken.None);
        Assert.Equal("Team", info.Team);
        Assert.Equal("B1", info.BotId);
        Assert.Equal("auth_test", _slack.Calls.Single().Action);
    }

    [Fact]
    public async Task Channels_are_read_page_by_page()
    {
        _slack.Respond = call => call.Action != "conversations_list" ? null : FakeSlackConnector.Ok(call.QueryParameters["cursor"] == null
            ? new JsonObject { ["ok"] = true, ["channels"] = new JsonArray(new JsonObject { ["id"] = "C1", ["name"] = "alerts",
                ["is_member"] = true }), ["response_metadata"] = new JsonObject { ["next_cursor"] = "page2" } }
            : new JsonObject { ["ok"] = true, ["channels"] = new JsonArray(new JsonObject { ["id"] = "C2", ["name"] = "vip",
                ["is_private"] = true }), ["response_metadata"] = new JsonObject { ["next_cursor"] = "" } });
        var channels = await _client.ListChannelsAsync(CancellationToken.None);
        Assert.Equal(new[] { "C1", "C2" }, channels.Select(c => c.Id));
        Assert.True(channels[0].IsMember);
        Assert.True(channels[1].IsPrivate);
        Assert.Equal(2, _slack.Calls.Count);
    }

    [Fact]
    public async Task Finds_a_message_by_its_metadata_across_pages()
    {
        JsonObject Message(string ts, string orderId) => new()
        {
            ["ts"] = ts,
            ["metadata"] = new JsonObject { ["event_type"] = "shopify_order_alert",
                ["event_payload"] = new JsonObject { ["order_id"] = orderId } },
        };
        _slack.Respond = call => call.Action != "conversations_history" ? null
            : FakeSlackConnector.Ok(call.QueryParameters["cursor"] == null
            ? new JsonObject { ["ok"] = true, ["messages"] = new JsonArray(Message("3.0", "gid-3"),
                new JsonObject { ["ts"] = "2.5", ["text"] = "no metadata" }), ["has_more"] = true,
                ["response_metadata"] = new JsonObject { ["next_cursor"] = "c2" } }
            : new JsonObject { ["ok"] = true, ["messages"] = new JsonArray(Message("2.0", "gid-2"), Message("1.0", "gid-1")),
                ["has_more"] = false });
        var oldest = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var ts = await _client.FindMessageByMetadataAsync("C1", "shopify_order_alert",
            p => p.GetProperty("order_id").GetString() == "gid-2", oldest, CancellationToken.None);

        Assert.Equal("2.0", ts);
        var first = _slack.Calls[0].QueryParameters;
        Assert.True(first["include_all_metadata"]!.GetValue<bool>());
        Assert.Equal("1704067200.000000", first["oldest"]!.GetValue<string>());
        Assert.Equal("C1", first["channel"]!.GetValue<string>());
        Assert.Equal("c2", _slack.Calls[1].QueryParameters["cursor"]!.GetValue<string>());
        Assert.Null(await _client.FindMessageByMetadataAsync("C1", "shopify_order_alert", p => false, oldest, CancellationToken.None));
    }

    [Fact]
    public async Task Finds_an_order_in_a_digest()
    {
        var digest = new OrderMessageBuilder().BuildDigest(new[] { Orders.Sample(number: 1), Orders.Sample(number: 2) });
        _slack.Respond = call => call.Action != "conversations_history" ? null : FakeSlackConnector.Ok(new JsonObject
        {
            ["ok"] = true,
            ["messages"] = new JsonArray(new JsonObject { ["ts"] = "9.0", ["metadata"] = digest.Metadata!.DeepClone() }),
        });
        Assert.Equal("9.0", await _client.FindOrderMessageAsync("C1", Orders.Sample(number: 2).Id, _clock.Start, CancellationToken.None));
        Assert.Null(await _client.FindOrderMessageAsync("C1", Orders.Sample(number: 3).Id, _clock.Start, CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_credential_or_channel_is_a_clear_error()
    {
        Assert.Throws<AlloyConfigurationException>(() => new SlackClient(_slack.NewClient(), " "));
        await Assert.ThrowsAsync<AlloyConfigurationException>(() => _client.PostMessageAsync("", Alert(), CancellationToken.None));
    }
}
