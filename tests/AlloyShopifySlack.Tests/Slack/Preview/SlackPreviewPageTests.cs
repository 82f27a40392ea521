using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Slack.Interactions;
using AlloyShopifySlack.Slack.Preview;
using static AlloyShopifySlack.Tests.Slack.Preview.PreviewText;

namespace AlloyShopifySlack.Tests.Slack.Preview;

public sealed class SlackPreviewPageTests
{
    private const string HostileName = "<!channel> <script>x</script>";
    private static readonly OrderMessageOptions WithButtons = new() { WithAcknowledgeButton = true, StoreDomain = "alloy-demo-store" };

    private static SlackMessage Alert(string? customer = HostileName) =>
        new OrderMessageBuilder().Build(Orders.Sample(customer: customer, items: 4), WithButtons);

    [Fact]
    public void Each_block_type_is_drawn()
    {
        var blocks = new JsonArray
        {
            BlockKit.Header("🎉 Big order", "h"),
            BlockKit.Section("*Hello* world", "s"),
            BlockKit.Fields("f", "*Total:*\nUSD 1.00", "*Customer:*\nAna"),
            BlockKit.Context("placed today", "c"),
            BlockKit.Divider(),
            BlockKit.Actions("a", BlockKit.Button("Open", "open", url: "https://example.com/o"),
                BlockKit.Button("✅ Ack", "ack", value: "v", style: "primary"),
                BlockKit.Button("Refund", "refund", style: "danger")),
            new JsonObject { ["type"] = "image", ["image_url"] = "https://example.com/i.png", ["alt_text"] = "a chart" },
            new JsonObject { ["type"] = "rich_text", ["elements"] = new JsonArray() },
        };
        var section = BlockKit.Section("with a button", "acc");
        section["accessory"] = BlockKit.Button("Side", "side");
        blocks.Add(section);

        var html = BlockKitHtml.Render(blocks, "fallback");

        foreach (var type in new[] { "header", "section", "context", "divider", "actions", "image", "rich_text" })
            Assert.Contains($"data-block-type=\"{type}\"", html);
        Assert.Contains("<div class=\"b-header\" data-block-type=\"header\" data-block-id=\"h\"><span class=\"plain\">🎉 Big " +
            "order</span></div>", html);
        Assert.Contains("<b>Hello</b> world", html);
        Assert.Equal(2, Regex.Matches(html, "class=\"s-field\"").Count);
        Assert.Contains("<hr class=\"b-divider\"", html);
        Assert.Contains("<a class=\"btn\" href=\"https://example.com/o\"", html);
        Assert.Contains("class=\"btn btn-primary\" role=\"button\" title=\"action_id: ack; value: v\"", html);
        Assert.Contains("class=\"btn btn-danger\"", html);
        Assert.Contains("class=\"b-section has-accessory\"", html);
        Assert.Contains("a chart", html);
        Assert.DoesNotContain("i.png", html); // images are not loaded
        Assert.Contains("This preview does not draw &#39;rich_text&#39; blocks", html);
        Assert.DoesNotContain("fallback", html);
    }

    [Fact]
    public void A_message_without_blocks_shows_its_text_as_Slack_does()
    {
        Assert.Equal("Hi bold", Visible(BlockKitHtml.Render(null, "Hi *bold*")));
    }

    [Fact]
    public void A_button_with_an_unsafe_url_is_not_a_link_and_attributes_cannot_be_broken_out_of()
    {
        var blocks = new JsonArray
        {
            BlockKit.Actions("x\" onclick=\"y", BlockKit.Button("Go", "go", url: "javascript:alert(1)")),
        };
        var html = BlockKitHtml.Render(blocks, null);
        Assert.DoesNotContain("href", html);
        Assert.Contains("data-block-id=\"x&quot; onclick=&quot;y\"", html);
    }

    [Fact]
    public void The_order_alert_reads_as_in_Slack_with_the_hostile_customer_shown_literally()
    {
        var page = SlackPreviewPage.Render(new[] { new PreviewCard(Alert(), "Order #1001") });

        Assert.DoesNotContain("<script", page);
        var text = Visible(page);
        Assert.Contains("🎉 High-Value Order: #1001", text);
        Assert.Contains("USD 1,250.00", text);
        Assert.Contains(HostileName, text);
        Assert.Contains("View in Shopify admin", text);
        Assert.Contains("🙋 Claim", text);
        Assert.Contains("…and 1 more", text);
        Assert.Contains("Jan 15, 2024 at 10:00 AM UTC", text);
        Assert.DoesNotContain("class=\"mention\"", page);
        Assert.DoesNotContain("class=\"mspecial\"", page);
    }

    [Fact]
    public void A_digest_and_an_acknowledged_alert_render_too()
    {
        var orders = Enumerable.Range(1, 3).Select(i => Orders.Sample($"#10{i:00}", 600m + i, number: 1000 + i)).ToList();
        var digest = new OrderMessageBuilder().BuildDigest(orders, WithButtons);
        var original = JsonNode.Parse(Alert("Ana").ToRequestBody("C1").ToJsonString())!.AsObject();
        var acknowledged = AcknowledgementMessage.Build(original, "U0123ABCD", "ana",
            new DateTimeOffset(2024, 1, 15, 11, 0, 0, TimeSpan.Zero));

        var text = Visible(SlackPreviewPage.Render(new[] { new PreviewCard(digest), new PreviewCard(acknowledged) }));

        Assert.Contains("🎉 3 High-Value Orders", text);
        Assert.Contains("Total: USD 1,806.00", text);
        Assert.Contains("#1002 — USD 602.00 — John Doe", text);
        Assert.Contains("✅ Claimed by @U0123ABCD at Jan 15, 2024 11:00 AM UTC", text);
        Assert.DoesNotContain("🙋 Claim\n", text);
    }

    [Fact]
    public void The_page_loads_nothing_and_its_policy_allows_only_its_own_style_sheet()
    {
        var page = SlackPreviewPage.Render(new[] { new PreviewCard(Alert()), PreviewCard.Failed("Order #9", "the template failed <b>") });

        var csp = Regex.Match(page, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").Groups[1].Value;
        Assert.StartsWith("default-src 'none'; style-src 'sha256-", csp);
        var css = Regex.Match(page, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css)));
        Assert.Contains($"'sha256-{hash}'", csp);
        Assert.Single(Regex.Matches(page, "<style"));
        foreach (var forbidden in new[] { "<script", "<link", "<img", "<iframe", " src=", " style=", "url(", "@import", "@font-face" })
            Assert.DoesNotContain(forbidden, page, StringComparison.OrdinalIgnoreCase);
        foreach (Match href in Regex.Matches(page, "href=\"([^\"]*)\""))
            Assert.Matches("^(https://|mailto:)", href.Groups[1].Value);
        Assert.Contains("This message could not be built: the template failed &lt;b&gt;", page);
    }

    [Fact]
    public void No_cards_say_that_nothing_would_be_posted()
    {
        Assert.Contains("No messages: nothing would be posted.", SlackPreviewPage.Render(Array.Empty<PreviewCard>(),
            subtitle: "What Invoke-OrderSync would post"));
    }

    [Fact]
    public void PreviewUrl_opens_the_very_same_blocks_in_the_Block_Kit_Builder()
    {
        var message = Alert();
        Assert.StartsWith("https://app.slack.com/block-kit-builder#%7B%22blocks%22%3A%5B", message.PreviewUrl);
        Assert.Matches("^(%[0-9A-F]{2}|[A-Za-z0-9._~-])+$", message.PreviewUrl.Substring(BlockKitBuilderLink.BuilderAddress.Length));
        Assert.True(JsonNode.DeepEquals(message.Blocks, BlocksOf(message.PreviewUrl)));

        var big = new OrderMessageBuilder().BuildDigest(Enumerable.Range(1, 100).Select(
            i => Orders.Sample($"#{i}", 900m, "Zoë 🎉 " + HostileName, i)).ToList(), WithButtons);
        Assert.True(JsonNode.DeepEquals(big.Blocks, BlocksOf(big.PreviewUrl)));

        // Past the length old .NET Framework's Uri.EscapeDataString refuses (32766).
        var huge = new SlackMessage("big") { Blocks = new JsonArray(Enumerable.Range(0, 20).Select(
            _ => (JsonNode)BlockKit.Section(new string('é', 2900))).ToArray()) };
        Assert.True(huge.PreviewUrl.Length > 32766);
        Assert.True(JsonNode.DeepEquals(huge.Blocks, BlocksOf(huge.PreviewUrl)));
    }

    [Fact]
    public void PayloadJson_is_the_whole_message_and_BlocksJson_is_unchanged()
    {
        var message = Alert();
        var payload = JsonNode.Parse(message.PayloadJson)!.AsObject();
        Assert.Equal(new[] { "blocks", "text" }, payload.Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(message.Blocks, payload["blocks"]));
        Assert.Equal(message.Text, payload["text"]!.GetValue<string>());
        Assert.StartsWith("[{\"type\":\"header\"", message.BlocksJson);
    }

    private static JsonNode? BlocksOf(string previewUrl)
    {
        var fragment = previewUrl.Substring(BlockKitBuilderLink.BuilderAddress.Length);
        return JsonNode.Parse(Uri.UnescapeDataString(fragment))!["blocks"];
    }
}
