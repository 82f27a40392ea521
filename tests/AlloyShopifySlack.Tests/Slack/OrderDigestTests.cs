using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Tests.Slack;

public class OrderDigestTests
{
    private readonly OrderMessageBuilder _builder = new();

    private static List<ShopifyOrder> Many(int count, string? customer = null) =>
        Enumerable.Range(1, count).Select(i => Orders.Sample(name: "#" + (1000 + i), number: 1000 + i, total: 500 + i,
            customer: customer ?? "Customer " + i)).ToList();

    [Fact]
    public void A_digest_lists_each_order_and_names_them_all_in_metadata()
    {
        var orders = Many(3, customer: "<!channel>");
        var message = _builder.BuildDigest(orders, new OrderMessageOptions { StoreDomain = "acme" });
        Assert.Equal("🎉 3 High-Value Orders", message.Blocks![0]!["text"]!["text"]!.GetValue<string>());
        var listing = message.Blocks![2]!["text"]!["text"]!.GetValue<string>();
        Assert.Equal(3, listing.Split('\n').Length);
        Assert.Contains("• *<https://admin.shopify.com/store/acme/orders/5550001001|#1001>* — USD 501.00 — &lt;!channel&gt;", listing);
        Assert.DoesNotContain("<!channel>", message.ToRequestBody("C1").ToJsonString(
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal("shopify_order_digest", message.Metadata!["event_type"]!.GetValue<string>());
        var payload = JsonDocument.Parse(message.Metadata!["event_payload"]!.ToJsonString()).RootElement;
        Assert.Equal(orders.Select(o => o.Id), OrderDigestBuilder.OrderIds(payload));
        Assert.StartsWith("🎉 3 high-value orders: #1001, #1002, #1003", message.Text);
    }

    [Fact]
    public void A_big_digest_stays_within_the_limits_and_counts_what_it_could_not_list()
    {
        var orders = Many(100, customer: new string('n', 400));
        var message = _builder.BuildDigest(orders);
        Assert.True(message.Blocks!.Count <= 50);
        Assert.Empty(BlockKitLimits.Validate(message.Blocks!));
        var characters = message.Blocks!.Sum(b => (b!["text"]?["text"]?.GetValue<string>().Length) ?? 0);
        Assert.True(characters <= OrderDigestBuilder.ListingBudget + 500, $"{characters} characters in the blocks");
        var listed = message.Blocks!.Where(b => b!["type"]!.GetValue<string>() == "section").Sum(
            b => b!["text"]!["text"]!.GetValue<string>().Split('\n').Length);
        var more = message.Blocks!.Where(b => b!["type"]!.GetValue<string>() == "context").Skip(1).Select(
            b => b!["elements"]![0]!["text"]!.GetValue<string>()).ToList();
        Assert.StartsWith($"…and {100 - listed} more: #{1000 + listed + 1}, ", more[0]);
        Assert.EndsWith("#1100", more[^1]);
        Assert.Equal(100, OrderDigestBuilder.OrderIds(JsonDocument.Parse(message.Metadata!["event_payload"]!.ToJsonString())
            .RootElement).Count);
    }

    [Fact]
    public void Digests_split_many_orders_and_cover_every_one()
    {
        var orders = Many(250);
        var messages = _builder.BuildDigests(orders);
        Assert.Equal(3, messages.Count);
        var covered = messages.SelectMany(m => OrderDigestBuilder.OrderIds(
            JsonDocument.Parse(m.Metadata!["event_payload"]!.ToJsonString()).RootElement)).ToList();
        Assert.Equal(orders.Select(o => o.Id), covered);
    }

    [Fact]
    public void One_digest_refuses_more_than_it_can_cover()
    {
        Assert.Throws<ArgumentException>(() => _builder.BuildDigest(Many(OrderDigestBuilder.MaxOrders + 1)));
        Assert.Throws<ArgumentException>(() => _builder.BuildDigest(new List<ShopifyOrder>()));
    }

    [Fact]
    public void Totals_are_summed_per_currency()
    {
        var orders = Many(2);
        orders.Add(new ShopifyOrder { Id = "x", Name = "#9", Total = 100m, Currency = "EUR" });
        var totals = _builder.BuildDigest(orders).Blocks![1]!["elements"]![0]!["text"]!.GetValue<string>();
        Assert.Equal("*Total:* USD 1,003.00 · EUR 100.00", totals);
    }
}
