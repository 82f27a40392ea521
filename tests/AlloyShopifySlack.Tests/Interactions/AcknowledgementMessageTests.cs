using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Tests.Interactions;

public class AcknowledgementMessageTests
{
    private static readonly DateTimeOffset At = new(2024, 1, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_button_is_replaced_by_the_acknowledgement_and_the_rest_is_kept()
    {
        var original = SlackRequests.AlertMessage();
        var message = AcknowledgementMessage.Build(original, "U0CLICKER", "roadrunner", At);

        var blocks = message.Blocks!.OfType<JsonObject>().ToList();
        Assert.Equal(3, blocks.Count);
        Assert.Equal("order_header", (string?)blocks[0]["block_id"]);
        Assert.Equal("order_summary", (string?)blocks[1]["block_id"]);
        Assert.Equal("context", (string?)blocks[2]["type"]);
        Assert.Equal(AcknowledgementMessage.AcknowledgedBlockId, (string?)blocks[2]["block_id"]);
        var line = (string?)blocks[2]["elements"]![0]!["text"];
        Assert.StartsWith("✅ Claimed by <@U0CLICKER> at <!date^1705312800^", line);
        Assert.EndsWith("|2024-01-15 10:00 UTC>", line);
        Assert.DoesNotContain("acknowledge_order", message.Blocks!.ToJsonString());
        Assert.Equal((string?)original["text"], message.Text);
    }

    [Fact]
    public void The_original_message_is_not_modified()
    {
        var original = SlackRequests.AlertMessage();
        var before = original.ToJsonString();
        AcknowledgementMessage.Build(original, "U0CLICKER", null, At);
        Assert.Equal(before, original.ToJsonString());
    }

    [Fact]
    public void The_metadata_is_kept_and_records_the_acknowledgement()
    {
        var message = AcknowledgementMessage.Build(SlackRequests.AlertMessage(), "U0CLICKER", null, At);
        Assert.Equal("shopify_order_alert", (string?)message.Metadata!["event_type"]);
        var payload = message.Metadata["event_payload"]!;
        Assert.Equal("gid://shopify/Order/1001", (string?)payload["order_id"]);
        Assert.Equal("U0CLICKER", (string?)payload["acknowledged_by"]);
        Assert.Equal("2024-01-15T10:00:00Z", (string?)payload["acknowledged_at"]);
    }

    [Fact]
    public void Other_buttons_in_the_same_block_stay()
    {
        var original = SlackRequests.AlertMessage();
        var actions = (JsonArray)original["blocks"]![2]!["elements"]!;
        actions.Add(new JsonObject { ["type"] = "button", ["action_id"] = "view_order", ["url"] = "https://admin.shopify.com/x" });

        var blocks = AcknowledgementMessage.Build(original, "U0CLICKER", null, At).Blocks!;
        Assert.Equal(4, blocks.Count);
        Assert.Equal("view_order", (string?)blocks[2]!["elements"]![0]!["action_id"]);
        Assert.Single(blocks[2]!["elements"]!.AsArray());
        Assert.Equal(AcknowledgementMessage.AcknowledgedBlockId, (string?)blocks[3]!["block_id"]);
    }

    [Fact]
    public void An_acknowledged_message_is_recognised()
    {
        Assert.False(AcknowledgementMessage.IsAcknowledged(SlackRequests.AlertMessage()));
        var acknowledged = AcknowledgementMessage.Build(SlackRequests.AlertMessage(), "U0CLICKER", null, At);
        var asSlackSendsIt = new JsonObject { ["blocks"] = acknowledged.Blocks!.DeepClone() };
        Assert.True(AcknowledgementMessage.IsAcknowledged(asSlackSendsIt));

        // Slack may rewrite block ids; the text alone is enough.
        var rewritten = (JsonObject)asSlackSendsIt.DeepClone();
        rewritten["blocks"]![2]!["block_id"] = "Xy12";
        Assert.True(AcknowledgementMessage.IsAcknowledged(rewritten));
    }

    [Fact]
    public void A_user_id_that_is_not_a_Slack_id_is_escaped_not_turned_into_markup()
    {
        var line = AcknowledgementMessage.AcknowledgementText("<!channel>", "<!here>", At);
        Assert.DoesNotContain("<!here>", line);
        Assert.DoesNotContain("<!channel>", line);
        Assert.Contains("&lt;!here&gt;", line);
    }

    [Fact]
    public void A_message_without_blocks_gets_its_text_and_the_acknowledgement()
    {
        var message = AcknowledgementMessage.Build(new JsonObject { ["text"] = "Order #7" }, "U0CLICKER", null, At);
        Assert.Equal(2, message.Blocks!.Count);
        Assert.Equal("Order #7", (string?)message.Blocks[0]!["text"]!["text"]);
        Assert.Equal("Order #7", message.Text);
    }

    [Fact]
    public void The_block_limit_is_kept_and_the_acknowledgement_survives()
    {
        var blocks = new JsonArray();
        for (var i = 0; i < 50; i++) blocks.Add(new JsonObject { ["type"] = "divider" });
        var message = AcknowledgementMessage.Build(new JsonObject { ["text"] = "x", ["blocks"] = blocks }, "U0CLICKER", null, At);
        Assert.Equal(50, message.Blocks!.Count);
        Assert.Contains(message.Blocks, b => (string?)b!["block_id"] == AcknowledgementMessage.AcknowledgedBlockId);
    }
}
