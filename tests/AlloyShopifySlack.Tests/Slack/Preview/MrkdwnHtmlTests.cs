using AlloyShopifySlack.Slack.Interactions;
using AlloyShopifySlack.Slack.Preview;
using static AlloyShopifySlack.Tests.Slack.Preview.PreviewText;

namespace AlloyShopifySlack.Tests.Slack.Preview;

public sealed class MrkdwnHtmlTests
{
    [Fact]
    public void Bold_italic_strike_and_code_become_their_styles()
    {
        var html = MrkdwnHtml.Inline("*Total:* _soon_ ~old~ `SKU-1`");
        Assert.Equal("<b>Total:</b> <i>soon</i> <s>old</s> <code>SKU-1</code>", html);
    }

    [Theory]
    [InlineData("file_name_here")]
    [InlineData("2*3*4")]
    [InlineData("a * b * c")]
    public void Markers_inside_words_or_next_to_spaces_stay_as_written(string text)
    {
        var html = MrkdwnHtml.Inline(text);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<i>", html);
        Assert.Equal(text, Visible(html));
    }

    [Fact]
    public void Nothing_is_styled_inside_code()
    {
        Assert.Equal("<code>*not bold* &lt;x&gt;</code>", MrkdwnHtml.Inline("`*not bold* &lt;x&gt;`"));
        var block = MrkdwnHtml.Render("before\n```a *b*\n&lt;c&gt; <d>```\nafter");
        Assert.Contains("<pre class=\"mpre\">a *b*\n&lt;c&gt; &lt;d&gt;</pre>", block);
        Assert.Equal("beforea *b*\n<c> <d>after", Visible(block));
    }

    [Fact]
    public void Slacks_three_entities_show_as_a_person_sees_them_and_stay_inert()
    {
        var html = MrkdwnHtml.Inline("&lt;b&gt;x&lt;/b&gt; Tom &amp; Jerry &amp;lt; &quot;");
        Assert.Equal("<b>x</b> Tom & Jerry &lt; &quot;", Visible(html));
        Assert.DoesNotContain("<b>", html);
    }

    [Fact]
    public void An_escaped_customer_name_shows_literally_and_mentions_nobody()
    {
        var html = MrkdwnHtml.Render("*Customer:*\n&lt;!channel&gt; &lt;script&gt;x&lt;/script&gt;");
        Assert.Equal("Customer:<!channel> <script>x</script>", Visible(html));
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("mention", html);
        Assert.DoesNotContain("mspecial", html);
    }

    [Theory]
    [InlineData("<!channel>")]
    [InlineData("<!here>")]
    [InlineData("<!everyone>")]
    [InlineData("<!subteam^S0123|@sales>")]
    public void A_raw_special_is_shown_as_its_literal_token_never_as_a_mention(string special)
    {
        var html = MrkdwnHtml.Inline("Hey " + special + " look");
        Assert.Equal("Hey " + special + " look", Visible(html));
        Assert.Contains("class=\"mspecial\"", html);
        Assert.DoesNotContain("class=\"mention\"", html);
    }

    [Fact]
    public void Links_keep_their_label_and_only_web_addresses_become_links()
    {
        var html = MrkdwnHtml.Inline("<https://admin.shopify.com/store/s/orders/1?a=1&amp;b=2|Order &lt;#1&gt;> " +
            "<mailto:ops@example.com|mail> <javascript:alert(1)|click>");
        Assert.Contains("<a href=\"https://admin.shopify.com/store/s/orders/1?a=1&amp;b=2\" target=\"_blank\" rel=\"noopener " +
            "noreferrer\">Order &lt;#1&gt;</a>", html);
        Assert.Contains("<a href=\"mailto:ops@example.com\"", html);
        Assert.DoesNotContain("javascript", html);
        Assert.Equal("Order <#1> mail click", Visible(html));
    }

    [Fact]
    public void A_link_with_a_quote_in_it_cannot_leave_its_attribute()
    {
        var html = MrkdwnHtml.Inline("<https://example.com/\" onmouseover=\"alert(1)|x>");
        Assert.Contains("href=\"https://example.com/&quot; onmouseover=&quot;alert(1)\"", html);
    }

    [Fact]
    public void User_and_channel_mentions_read_as_in_Slack()
    {
        var html = MrkdwnHtml.Inline("<@U0123ABCD> in <#C0123|order-alerts>");
        Assert.Equal("@U0123ABCD in #order-alerts", Visible(html));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "class=\"mention\"").Count);
    }

    [Fact]
    public void The_acknowledgement_status_line_renders_with_its_date_in_UTC()
    {
        var line = AcknowledgementMessage.AcknowledgementText("U0123ABCD", "ana", new DateTimeOffset(2024, 1, 15, 10, 5, 0, TimeSpan.Zero));
        var html = MrkdwnHtml.Inline(line);
        Assert.Equal("✅ Claimed by @U0123ABCD at Jan 15, 2024 10:05 AM UTC", Visible(html));
        var byName = MrkdwnHtml.Inline(AcknowledgementMessage.AcknowledgementText("someone", "Ana <3", DateTimeOffset.UnixEpoch));
        Assert.Contains("Claimed by Ana <3 at", Visible(byName));
    }

    [Fact]
    public void A_malformed_date_shows_its_fallback()
    {
        Assert.Equal("sometime", Visible(MrkdwnHtml.Inline("<!date^notanumber^{date}|sometime>")));
    }

    [Fact]
    public void Bullets_numbers_and_quotes_are_laid_out_as_lines()
    {
        var html = MrkdwnHtml.Render("*Order Items:*\n• 5× Premium Widget\n  • nested\n1. first\n&gt; quoted *text*\n\nend");
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(html, "class=\"mli").Count);
        Assert.Contains("class=\"mli d1\"", html);
        Assert.Contains("<div class=\"mq\">quoted <b>text</b></div>", html);
        Assert.Contains("class=\"ml empty\"", html);
        Assert.Equal("Order Items:• 5× Premium Widget• nested1. firstquoted textend", Visible(html));
    }

    [Fact]
    public void Known_emoji_codes_become_emoji_and_unknown_ones_stay()
    {
        Assert.Equal("🎉 ✅ :not_an_emoji:", Visible(MrkdwnHtml.Inline(":tada: :white_check_mark: :not_an_emoji:")));
        Assert.Equal(":tada:", Visible(MrkdwnHtml.PlainText(":tada:", emoji: false)));
    }

    [Fact]
    public void Plain_text_is_literal_escaped_and_not_entity_decoded()
    {
        Assert.Equal("&lt;b&gt; &amp;amp; *x*", MrkdwnHtml.PlainText("<b> &amp; *x*"));
    }
}
