using System.Text.RegularExpressions;

namespace AlloyShopifySlack.Slack.Preview;

/// <summary>
/// Slack mrkdwn → HTML, as a person sees it in Slack: *bold*, _italic_, ~strike~, `code`, ```blocks```,
/// &gt; quotes, bullet and numbered lines, &lt;links|labels&gt;, mentions and dates; &amp;amp; &amp;lt; &amp;gt;
/// decoded. Everything that comes from the text is HTML-escaped: only the tags made here reach the page.
/// </summary>
public static class MrkdwnHtml
{
    private const string Fence = "```";
    private static readonly Regex ListLine = new Regex(@"^([ \t]*)(•|◦|▪|-|\d{1,3}[.)])[ \t]+(.*)$", RegexOptions.CultureInvariant);
    private static readonly Regex Placeholder = new Regex("\0([0-9]+)\0", RegexOptions.CultureInvariant);
    private static readonly (Regex Pattern, string Tag)[] Styles =
    {
        (Style("\\*"), "b"),
        (Style("_"), "i"),
        (Style("~"), "s"),
    };

    /// <summary>A mrkdwn text object's text, line by line (block-level HTML).</summary>
    public static string Render(string? mrkdwn)
    {
        if (string.IsNullOrEmpty(mrkdwn)) return string.Empty;
        var html = new StringBuilder();
        var text = mrkdwn!.Replace("\r\n", "\n");
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf(Fence, at, System.StringComparison.Ordinal);
            var close = open < 0 ? -1 : text.IndexOf(Fence, open + Fence.Length, System.StringComparison.Ordinal);
            if (close < 0)
            {
                Lines(text.Substring(at), html);
                break;
            }
            if (open > at) Lines(text.Substring(at, open - at).TrimEnd('\n'), html);
            var code = text.Substring(open + Fence.Length, close - open - Fence.Length).Trim('\n');
            html.Append("<pre class=\"mpre\">").Append(HtmlText.Escape(HtmlText.DecodeSlackEntities(code))).Append("</pre>");
            at = close + Fence.Length;
            if (at < text.Length && text[at] == '\n') at++;
        }
        return html.ToString();
    }

    /// <summary>One line of mrkdwn as inline HTML (no quotes or lists): what a context element or a label holds.</summary>
    public static string Inline(string? mrkdwn)
    {
        if (string.IsNullOrEmpty(mrkdwn)) return string.Empty;
        var atoms = new List<string>();
        var html = new StringBuilder();
        var pending = new StringBuilder();
        var s = mrkdwn!;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            string? atom = null;
            var end = -1;
            if (c == '`')
            {
                end = s.IndexOf('`', i + 1);
                if (end > i + 1) atom = "<code>" + HtmlText.Escape(HtmlText.DecodeSlackEntities(
                    s.Substring(i + 1, end - i - 1))) + "</code>";
            }
            else if (c == '<')
            {
                end = s.IndexOf('>', i + 1);
                var nextOpen = s.IndexOf('<', i + 1);
                if (end > i + 1 && (nextOpen < 0 || nextOpen > end)) atom = MrkdwnTokens.Render(s.Substring(i + 1, end - i - 1));
            }
            if (atom == null)
            {
                pending.Append(c);
                continue;
            }
            Flush(pending, html);
            html.Append('\0').Append(atoms.Count.ToString(CultureInfo.InvariantCulture)).Append('\0');
            atoms.Add(atom);
            i = end;
        }
        Flush(pending, html);

        var styled = EmojiShortcodes.Replace(html.ToString());
        foreach (var (pattern, tag) in Styles) styled = pattern.Replace(styled, m => $"<{tag}>{m.Groups[1].Value}</{tag}>");
        return Placeholder.Replace(styled, m => atoms[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)]);
    }

    /// <summary>plain_text as Slack shows it: literally (no entities decoded), :emoji: converted unless turned off.</summary>
    public static string PlainText(string? text, bool emoji = true)
    {
        var escaped = HtmlText.Escape(text);
        return emoji ? EmojiShortcodes.Replace(escaped) : escaped;
    }

    private static void Lines(string text, StringBuilder html)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                html.Append("<div class=\"ml empty\"><br></div>");
                continue;
            }
            var quote = line.StartsWith("&gt;", System.StringComparison.Ordinal) ? 4
                : line.StartsWith(">", System.StringComparison.Ordinal) ? 1 : 0;
            if (quote > 0)
            {
                var rest = line.Substring(quote);
                html.Append("<div class=\"mq\">").Append(Inline(rest.StartsWith(" ", System.StringComparison.Ordinal) ? rest.Substring(1)
                    : rest)).Append("</div>");
                continue;
            }
            var item = ListLine.Match(line);
            if (item.Success)
            {
                var depth = System.Math.Min(3, item.Groups[1].Value.Replace("\t", "    ").Length / 2);
                html.Append("<div class=\"mli d").Append(depth.ToString(CultureInfo.InvariantCulture)).Append("\"><span class=\"mlm\">")
                    .Append(HtmlText.Escape(item.Groups[2].Value)).Append(" </span><span>").Append(Inline(item.Groups[3].Value)).Append(
                        "</span></div>");
                continue;
            }
            html.Append("<div class=\"ml\">").Append(Inline(line)).Append("</div>");
        }
    }

    private static void Flush(StringBuilder pending, StringBuilder html)
    {
        if (pending.Length == 0) return;
        html.Append(HtmlText.Escape(HtmlText.DecodeSlackEntities(pending.ToString())));
        pending.Clear();
    }

    /// <summary>Slack's rule: the marker touches a word on its inside and no letter or digit on its outside.</summary>
    private static Regex Style(string marker) => new Regex(
        $@"(?<![\p{{L}}\p{{N}}{marker}]){marker}(?![\s{marker}])(.+?)(?<![\s{marker}]){marker}(?![\p{{L}}\p{{N}}{marker}])",
        RegexOptions.CultureInvariant);
}
