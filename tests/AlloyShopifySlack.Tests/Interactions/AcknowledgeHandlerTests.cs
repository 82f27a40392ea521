using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Tests.Interactions;

public class AcknowledgeHandlerTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 15, 10, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Now);
    private readonly RecordingUpdater _updater = new();
    private readonly RecordingOrderLog _log = new();
    private readonly RecordingTagger _tagger = new();

    private AcknowledgeHandler Handler(AcknowledgementRegistry? registry = null, bool withLog = true, bool withTags = true) =>
        new(_updater, withLog ? _log : null, _tagger, withTags ? new[] { "acknowledged" } : null, registry, _clock);

    private static InteractionPayload Click(JsonObject? message = null, string user = "U0CLICKER", string channel = SlackRequests.Channel,
        string actionId = "acknowledge_order") =>
        InteractionPayloadParser.Parse("payload=" + Uri.EscapeDataString(SlackRequests.BlockActions(message, user, channel, actionId)
            .ToJsonString()));

    [Fact]
    public async Task A_click_updates_the_message_logs_one_row_and_tags_the_order()
    {
        var result = await Handler().HandleAsync(Click(), Now, CancellationToken.None);

        Assert.Equal(InteractionStatus.Acknowledged, result.Status);
        Assert.Null(result.Error);
        Assert.True(result.MessageUpdated && result.SheetRowAdded && result.Tagged);
        Assert.Equal("#1001", result.OrderName);
        Assert.Equal("gid://shopify/Order/1001", result.OrderId);
        Assert.Equal("U0CLICKER", result.User);

        var update = Assert.Single(_updater.Updates);
        Assert.Equal((SlackRequests.Channel, SlackRequests.Ts), (update.Channel, update.Ts));
        Assert.Contains("Claimed by <@U0CLICKER>", update.Message.Blocks!.ToJsonString(
            new System.Text.Json.JsonSerializerOptions { Encoder =
            System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        var row = Assert.Single(_log.Rows);
        Assert.Equal(new object?[] { "#1001", 1250.00m, "Jane Doe", "roadrunner", "2024-01-15T10:00:00Z" }, row.ToValues());
        var tag = Assert.Single(_tagger.Calls);
        Assert.Equal("gid://shopify/Order/1001", tag.OrderId);
        Assert.Equal(new[] { "acknowledged" }, tag.Tags);
    }

    [Fact]
    public async Task A_second_click_on_the_same_message_changes_nothing()
    {
        var handler = Handler();
        await handler.HandleAsync(Click(), Now, CancellationToken.None);
        var second = await handler.HandleAsync(Click(user: "U0SECOND"), Now, CancellationToken.None);

        Assert.Equal(InteractionStatus.AlreadyAcknowledged, second.Status);
        Assert.Single(_updater.Updates);
        Assert.Single(_log.Rows);
        Assert.Single(_tagger.Calls);
    }

    [Fact]
    public async Task A_click_on_a_message_that_already_says_acknowledged_changes_nothing_even_after_a_restart()
    {
        var acknowledged = AcknowledgementMessage.Build(SlackRequests.AlertMessage(), "U0FIRST", null, Now);
        var message = SlackRequests.AlertMessage();
        message["blocks"] = acknowledged.Blocks!.DeepClone();

        var result = await Handler(new AcknowledgementRegistry()).HandleAsync(Click(message), Now, CancellationToken.None);

        Assert.Equal(InteractionStatus.AlreadyAcknowledged, result.Status);
        Assert.Empty(_updater.Updates);
        Assert.Empty(_log.Rows);
        Assert.Empty(_tagger.Calls);
    }

    [Fact]
    public async Task Clicks_racing_on_one_message_update_it_once()
    {
        var handler = Handler();
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => handler.HandleAsync(Click(user: "U0USER" + i), Now, CancellationToken.None))));

        Assert.Single(results, r => r.Status == InteractionStatus.Acknowledged);
        Assert.Equal(15, results.Count(r => r.Status == InteractionStatus.AlreadyAcknowledged));
        Assert.Single(_updater.Updates);
        Assert.Single(_log.Rows);
    }

    [Fact]
    public async Task The_same_order_alerted_in_two_channels_is_logged_and_tagged_once_but_both_messages_show_it()
    {
        var handler = Handler();
        await handler.HandleAsync(Click(channel: "C0FIRST"), Now, CancellationToken.None);
        var second = await handler.HandleAsync(Click(channel: "C0SECOND"), Now, CancellationToken.None);

        Assert.Equal(InteractionStatus.Acknowledged, second.Status);
        Assert.False(second.SheetRowAdded);
        Assert.Equal(2, _updater.Updates.Count);
        Assert.Single(_log.Rows);
        Assert.Single(_tagger.Calls);
    }

    [Fact]
    public async Task When_the_update_fails_nothing_is_logged_and_a_later_click_can_succeed()
    {
        _updater.FailOnCall = call => call == 1 ? new ProviderException("Slack", "message_not_found",
            "Slack refused chat.update: message_not_found") : null;
        var handler = Handler();

        var first = await handler.HandleAsync(Click(), Now, CancellationToken.None);
        Assert.Equal(InteractionStatus.Failed, first.Status);
        Assert.Contains("message_not_found", first.Error);
        Assert.False(first.MessageUpdated);
        Assert.Empty(_log.Rows);
        Assert.Empty(_tagger.Calls);

        var retry = await handler.HandleAsync(Click(), Now, CancellationToken.None);
        Assert.Equal(InteractionStatus.Acknowledged, retry.Status);
        Assert.Single(_log.Rows);
    }

    [Fact]
    public async Task A_sheet_failure_is_reported_with_what_was_done()
    {
        _log.Failure = new AlloyServerException("Alloy answered 500.");
        var result = await Handler().HandleAsync(Click(), Now, CancellationToken.None);

        Assert.Equal(InteractionStatus.Failed, result.Status);
        Assert.True(result.MessageUpdated);
        Assert.False(result.SheetRowAdded);
        Assert.True(result.Tagged);
        Assert.StartsWith("The message was updated, but the order log row was not written", result.Error);
    }

    [Fact]
    public async Task Without_a_sheet_or_tags_only_the_message_changes()
    {
        var result = await Handler(withLog: false, withTags: false).HandleAsync(Click(), Now, CancellationToken.None);
        Assert.Equal(InteractionStatus.Acknowledged, result.Status);
        Assert.Single(_updater.Updates);
        Assert.Empty(_log.Rows);
        Assert.Empty(_tagger.Calls);
    }

    [Fact]
    public async Task Without_a_customer_in_the_metadata_the_customer_is_read_back_from_the_alerts_fields()
    {
        var message = SlackRequests.AlertMessage();
        message["metadata"]!["event_payload"]!.AsObject().Remove("customer_name");
        ((JsonArray)message["blocks"]!).Insert(2, new JsonObject
        {
            ["type"] = "section",
            ["fields"] = new JsonArray(
                new JsonObject { ["type"] = "mrkdwn", ["text"] = "*Total Amount:*\nUSD 1,250.00" },
                new JsonObject { ["type"] = "mrkdwn", ["text"] = "*Customer:*\nBarnes &amp; Noble &lt;HQ&gt;" }),
        });

        await Handler().HandleAsync(Click(message), Now, CancellationToken.None);

        Assert.Equal("Barnes & Noble <HQ>", Assert.Single(_log.Rows).CustomerName);
    }

    [Fact]
    public async Task Other_actions_are_ignored()
    {
        var result = await Handler().HandleAsync(Click(actionId: "view_order"), Now, CancellationToken.None);
        Assert.Equal(InteractionStatus.Ignored, result.Status);
        Assert.Equal("view_order", result.Action);
        Assert.Empty(_updater.Updates);
    }
}
