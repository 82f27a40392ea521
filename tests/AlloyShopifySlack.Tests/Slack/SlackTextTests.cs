using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Tests.Slack;

public class SlackTextTests
{
    [Fact]
    public void Escapes_the_three_control_characters()
    {
        Assert.Equal("&lt;!channel&gt; &amp; Sons &gt; Co", SlackText.EscapeMrkdwn("<!channel> & Sons > Co"));
    }

    [Fact]
    public void Encodes_nothing_else()
    {
        const string text = "Café \"quoted\" 'single' *bold* _it_ ~s~ `code` é ü 日本 🎉 # @ | ; %20 &";
        var escaped = SlackText.EscapeMrkdwn(text);
        Assert.Equal(text.Replace("&", "&amp;"), escaped);
    }

    [Fact]
    public void An_escaped_name_cannot_mention_or_link()
    {
        foreach (var hostile in new[] { "<!channel>", "<!here>", "<!everyone>", "<@U123>", "<#C123>", "<!subteam^S1>",
            "<https://evil.example|click>" })
            Assert.DoesNotContain("<", SlackText.EscapeMrkdwn(hostile));
    }

    [Fact]
    public void Null_and_empty_become_empty() => Assert.Equal(string.Empty, SlackText.EscapeMrkdwn(null));

    [Theory]
    [InlineData(10)]
    [InlineData(150)]
    public void Truncate_keeps_the_limit_and_ends_with_an_ellipsis(int max)
    {
        var cut = SlackText.Truncate(new string('x', max + 1), max);
        Assert.Equal(max, cut.Length);
        Assert.EndsWith("…", cut);
    }

    [Fact]
    public void Truncate_leaves_short_text_alone() => Assert.Equal("short", SlackText.Truncate("short", 5));

    [Fact]
    public void Truncate_never_splits_an_emoji()
    {
        var cut = SlackText.Truncate("abc🎉def", 5); // the cut falls between the emoji's two halves
        Assert.Equal("abc…", cut);
        Assert.False(char.IsHighSurrogate(cut[^2]));
    }

    [Fact]
    public void Mrkdwn_truncation_drops_a_half_entity()
    {
        var text = new string('a', 7) + "&amp;bbbbbbbb";
        var cut = SlackText.TruncateMrkdwn(text, 11);
        Assert.Equal("aaaaaaa…", cut);
    }

    [Fact]
    public void Mrkdwn_truncation_drops_an_unclosed_link()
    {
        var text = "see <https://example.com/a/very/long/path|the page> now";
        var cut = SlackText.TruncateMrkdwn(text, 20);
        Assert.Equal("see …", cut);
    }
}
