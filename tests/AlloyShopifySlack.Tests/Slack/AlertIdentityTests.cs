using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync;

namespace AlloyShopifySlack.Tests.Slack;

/// <summary>The alert identity in block ids: it reaches Slack when Alloy drops the metadata, and it reads back from history.</summary>
public class AlertIdentityTests
{
    private readonly OrderMessageBuilder _builder = new();

    private static List<ShopifyOrder> Many(int count, string? customer = null) =>
        Enumerable.Range(1, count).Select(i => Orders.Sample(name: "#" + (1000 + i), number: 1000 + i, total: 500 + i,
            customer: customer ?? "Customer " + i)).ToList();

    /// <summary>The message as conversations.history returns it, without metadata (Alloy dropped it).</summary>
    private static MessageIdentity AsHistory(SlackMessage message, bool withMetadata = false)
    {
        var json = new JsonObject { ["type"] = "message", ["ts"] = "1705312800.000100", ["text"] = message.Text,
            ["blocks"] = message.Blocks!.DeepClone() };
        if (withMetadata) json["metadata"] = message.Metadata!.DeepClone();
        return MessageIdentity.Read(JsonDocument.Parse(json.ToJsonString()).RootElement);
    }

    private static List<string> BlockIds(SlackMessage message) =>
        message.Blocks!.Select(b => b!["block_id"]?.GetValue<string>()).Where(id => id != null).Select(id => id!).ToList();

    [Fact]
    public void An_alert_is_found_by_its_first_block_id_alone()
    {
        var order = Orders.Sample();
        var message = _builder.Build(order);
        Assert.Equal("alloy-alert:5550001001", message.Blocks![0]!["block_id"]!.GetValue<string>());

        var identity = AsHistory(message);
        Assert.True(identity.HasOrder(order.Id));
        Assert.False(identity.HasOrder(Orders.Sample(number: 1002).Id));
        Assert.True(AlertKey.ForOrder(order.Id).Matches(identity));
        Assert.Equal("1705312800.000100", identity.Ts);
    }

    [Fact]
    public void A_template_alerts_first_block_carries_the_key_too()
    {
        var template = OrderMessageTemplate.Parse("""[{"type":"section","block_id":"mine","text":""" +
            """{"type":"mrkdwn","text":"Order {Name}"}}]""");
        var message = _builder.Build(Orders.Sample(), new OrderMessageOptions { Template = template });
        Assert.Equal("alloy-alert:5550001001", message.Blocks![0]!["block_id"]!.GetValue<string>());
        Assert.Equal(BlockIds(message).Distinct().Count(), BlockIds(message).Count);
    }

    [Fact]
    public void A_digest_is_found_by_its_id_and_by_every_order_it_covers_with_ids_of_at_most_255_characters()
    {
        var orders = Many(100, customer: new string('n', 300)).Select((o, i) => new ShopifyOrder
        {
            Id = "gid://shopify/Order/" + (6_000_000_000_000 + i), Name = o.Name, Total = o.Total, Currency = o.Currency,
                CustomerName = o.CustomerName, CreatedAt = o.CreatedAt,
        }).ToList();
        var message = _builder.BuildDigest(orders, digestId: "0123456789abcdef");

        Assert.Equal("alloy-digest:0123456789abcdef", message.Blocks![0]!["block_id"]!.GetValue<string>());
        Assert.All(BlockIds(message), id => Assert.True(id.Length <= AlertBlockIds.MaxLength, id));
        Assert.Equal(BlockIds(message).Distinct().Count(), BlockIds(message).Count);
        Assert.True(message.Blocks!.Count <= BlockKitLimits.MaxBlocks);
        Assert.Empty(BlockKitLimits.Validate(message.Blocks!));
        var identity = AsHistory(message);
        Assert.True(identity.HasDigest("0123456789abcdef"));
        Assert.All(orders, o => Assert.True(identity.HasOrder(o.Id), o.Id + " is not named by the block ids"));
        Assert.Equal(100, identity.OrderNumbers.Count);
        Assert.Equal("0123456789abcdef", message.Metadata!["event_payload"]!["digest_id"]!.GetValue<string>());
    }

    [Fact]
    public void Metadata_alone_still_identifies_a_message()
    {
        var order = Orders.Sample();
        var message = _builder.Build(order);
        message.Blocks![0]!.AsObject().Remove("block_id");
        Assert.False(AsHistory(message).HasOrder(order.Id));
        Assert.True(AsHistory(message, withMetadata: true).HasOrder(order.Id));
    }

    [Fact]
    public void Stamping_a_key_marks_the_first_block_and_keeps_it_unique()
    {
        var message = new SlackMessage("x")
        {
            Blocks = new JsonArray(BlockKit.Section("a", "first"), BlockKit.Section("b", "alloy-digest:d1")),
        };
        AlertKey.ForDigest("d1").Stamp(message);
        Assert.Equal(new[] { "alloy-digest:d1" }, BlockIds(message));
        Assert.Equal("d1", message.Metadata!["event_payload"]!["digest_id"]!.GetValue<string>());
    }
}
