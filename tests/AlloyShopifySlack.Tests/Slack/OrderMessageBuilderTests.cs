using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Tests.Slack;

public class OrderMessageBuilderTests
{
    private readonly OrderMessageBuilder _builder = new();

    private static IEnumerable<string> AllTexts(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var pair in o) foreach (var t in AllTexts(pair.Value)) yield return t;
                break;
            case JsonArray a:
                foreach (var item in a) foreach (var t in AllTexts(item)) yield return t;
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                yield return s;
                break;
        }
    }

    [Fact]
    public void The_standard_layout_is_the_guides_plus_buttons()
    {
        var order = Orders.Sample(items: 5);
        var message = _builder.Build(order, new OrderMessageOptions { WithAcknowledgeButton = true, StoreDomain = "acme.myshopify.com" });

        const string expected = """
            [{"type":"header","text":{"type":"plain_text","text":"🎉 High-Value Order: #1001","emoji":true},
              "block_id":"alloy-alert:5550001001"},
             {"type":"section","fields":[{"type":"mrkdwn","text":"*Total Amount:*\nUSD 1,250.00"},{"type":"mrkdwn",
               "text":"*Customer:*\nJohn Doe"},
               {"type":"mrkdwn","text":"*Placed:*\n<!date^1705312800^{date_short_pretty} at {time}|2024-01-15 10:00 UTC>"},
                 {"type":"mrkdwn","text":"*Payment:*\nPaid"}],"block_id":"order_summary"},
             {"type":"section","text":{"type":"mrkdwn",
               "text":"*Order Items:*\n• 5× Premium Widget\n• 1× Gadget 2\n• 1× Gadget 3\n…and 2 more"},"block_id":"order_items"},
             {"type":"divider"},
             {"type":"actions","elements":[
               {"type":"button","text":{"type":"plain_text","text":"View in Shopify admin","emoji":true},"action_id":"open_order_admin",
                 "url":"https://admin.shopify.com/store/acme/orders/5550001001"},
               {"type":"button","text":{"type":"plain_text","text":"🙋 Claim","emoji":true},"action_id":"acknowledge_order",
                 "value":"#1001|gid://shopify/Order/5550001001","style":"primary"}],"block_id":"order_actions"}]
            """;
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), message.Blocks!.ToJsonString());
        Assert.Equal("🎉 High-value order #1001: USD 1,250.00 from John Doe", message.Text);
        Assert.Equal("""{"event_type":"shopify_order_alert","event_payload":{"order_id":"gid://shopify/Order/5550001001","order_""" +
            """name":"#1001","total":1250,"currency":"USD"}}""",
            message.Metadata!.ToJsonString());
        Assert.Empty(message.Adjustments);
    }

    [Fact]
    public void Building_is_pure()
    {
        var options = new OrderMessageOptions { WithAcknowledgeButton = true, StoreDomain = "acme" };
        var first = _builder.Build(Orders.Sample(items: 4), options);
        var second = _builder.Build(Orders.Sample(items: 4), options);
        Assert.Equal(first.ToRequestBody("C1").ToJsonString(), second.ToRequestBody("C1").ToJsonString());
    }

    [Fact]
    public void A_guest_order_says_Guest()
    {
        var message = _builder.Build(Orders.Sample(customer: null));
        Assert.Contains("*Customer:*\nGuest", AllTexts(message.Blocks));
        Assert.EndsWith("from Guest", message.Text);
    }

    [Theory]
    [InlineData("<!channel>")]
    [InlineData("<!here> & <!everyone>")]
    [InlineData("<@U0ADMIN>")]
    [InlineData("<https://evil.example|Free money>")]
    public void Hostile_names_mention_nobody(string hostile)
    {
        var order = Orders.Sample(customer: hostile);
        order.LineItems = new[] { new ShopifyLineItem { Name = hostile, Quantity = 1 } };
        var message = _builder.Build(order, new OrderMessageOptions { WithAcknowledgeButton = true });
        var texts = AllTexts(message.Blocks).Append(message.Text).ToList();
        Assert.Contains(texts, t => t.Contains(SlackText.EscapeMrkdwn(hostile)));
        foreach (var text in texts)
        {
            Assert.DoesNotContain("<!channel", text);
            Assert.DoesNotContain("<!here", text);
            Assert.DoesNotContain("<!everyone", text);
            Assert.DoesNotContain("<@", text);
            Assert.DoesNotContain("<https://evil", text);
        }
    }

    [Fact]
    public void Names_are_escaped_exactly_once_and_nothing_else_encoded()
    {
        var order = Orders.Sample(customer: "Zoë & Søren <VIP> \"Ltd\"");
        var message = _builder.Build(order);
        Assert.Contains("*Customer:*\nZoë &amp; Søren &lt;VIP&gt; \"Ltd\"", AllTexts(message.Blocks));
    }

    [Fact]
    public void Without_a_store_domain_or_admin_url_there_is_no_admin_button()
    {
        var message = _builder.Build(Orders.Sample());
        Assert.DoesNotContain("open_order_admin", message.Blocks!.ToJsonString());
        Assert.DoesNotContain(message.Blocks!, b => b!["type"]!.GetValue<string>() == "actions");
    }

    [Fact]
    public void The_orders_own_admin_url_wins()
    {
        var order = Orders.Sample();
        order.AdminUrl = "https://admin.shopify.com/store/real/orders/1";
        var message = _builder.Build(order, new OrderMessageOptions { StoreDomain = "other" });
        Assert.Contains("https://admin.shopify.com/store/real/orders/1", message.Blocks!.ToJsonString());
    }

    [Fact]
    public void Three_items_are_listed_and_the_rest_counted_even_when_not_read()
    {
        var order = Orders.Sample(items: 3);
        order.LineItemCount = 12;
        var message = _builder.Build(order);
        var items = AllTexts(message.Blocks).Single(t => t.StartsWith("*Order Items:*"));
        Assert.EndsWith("…and 9 more", items);
        Assert.Equal(4, items.Split('\n').Length - 1);
    }

    [Fact]
    public void Huge_text_is_cut_to_every_limit()
    {
        var order = Orders.Sample(name: "#" + new string('9', 300), customer: new string('c', 5000));
        order.LineItems = new[] { new ShopifyLineItem { Name = new string('i', 4000), Quantity = 1 } };
        var message = _builder.Build(order, new OrderMessageOptions { WithAcknowledgeButton = true });
        Assert.Empty(BlockKitLimits.Validate(message.Blocks!));
        Assert.Equal(150, message.Blocks![0]!["text"]!["text"]!.GetValue<string>().Length);
        Assert.All(message.Blocks![1]!["fields"]!.AsArray(), f => Assert.True(f!["text"]!.GetValue<string>().Length <= 2000));
        Assert.Equal(3000, message.Blocks![2]!["text"]!["text"]!.GetValue<string>().Length);
        Assert.NotEmpty(message.Adjustments);
        Assert.False(string.IsNullOrWhiteSpace(message.Text));
    }

    [Fact]
    public void A_very_long_order_id_cuts_the_acknowledge_value_to_2000()
    {
        var order = Orders.Sample();
        order.Id = "gid://shopify/Order/" + new string('1', 2100);
        var message = _builder.Build(order, new OrderMessageOptions { WithAcknowledgeButton = true });
        var value = message.Blocks!.Last()!["elements"]![0]!["value"]!.GetValue<string>();
        Assert.Equal(2000, value.Length);
    }

    [Fact]
    public void Test_and_cancelled_orders_say_so()
    {
        var order = Orders.Sample();
        order.Test = true;
        order.CancelledAt = order.CreatedAt.AddHours(1);
        var notes = AllTexts(_builder.Build(order).Blocks).Single(t => t.Contains("Test order"));
        Assert.Contains("Cancelled", notes);
    }

    [Fact]
    public void Presentment_money_in_another_currency_is_shown()
    {
        var order = Orders.Sample();
        order.PresentmentTotal = 1150.5m;
        order.PresentmentCurrency = "EUR";
        Assert.Contains("*Customer paid:*\nEUR 1,150.50", AllTexts(_builder.Build(order).Blocks));
    }

    [Fact]
    public void Money_ignores_the_machines_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try { Assert.Equal("EUR 1,234,567.50", OrderFormat.Money(1234567.5m, "EUR")); }
        finally { System.Globalization.CultureInfo.CurrentCulture = previous; }
    }
}
