namespace AlloyShopifySlack.Slack;

/// <summary>Text helpers for Slack: mrkdwn escaping and length limits.</summary>
public static class SlackText
{
    public const string Ellipsis = "…";

    /// <summary>
    /// Escapes untrusted text for mrkdwn: only &amp;, &lt; and &gt; are control characters in Slack, and only
    /// those are decoded, so encoding anything else would show the entity literally. With them escaped a
    /// customer named &lt;!channel&gt; cannot mention anyone or inject a link.
    /// </summary>
    public static string EscapeMrkdwn(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        if (text!.IndexOfAny(new[] { '&', '<', '>' }) < 0) return text;
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Shortens <paramref name="text"/> to at most <paramref name="max"/> characters, the last being "…".
    /// Never splits a surrogate pair (an emoji would become a broken character).
    /// </summary>
    public static string Truncate(string? text, int max)
    {
        if (max < 1) throw new ArgumentOutOfRangeException(nameof(max), max, "The limit must be at least 1.");
        if (string.IsNullOrEmpty(text)) return string.Empty;
        if (text!.Length <= max) return text;
        var keep = max - Ellipsis.Length;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1])) keep--;
        return text.Substring(0, keep) + Ellipsis;
    }

    /// <summary>
    /// Like <see cref="Truncate"/> for mrkdwn: the cut never leaves half of an entity (&amp;am…) or an unclosed
    /// &lt;link|label&gt; / &lt;!date^…&gt; token, which Slack would show as raw markup.
    /// </summary>
    public static string TruncateMrkdwn(string? text, int max)
    {
        if (string.IsNullOrEmpty(text) || text!.Length <= max) return text ?? string.Empty;
        var cut = Truncate(text, max);
        var kept = cut.Substring(0, cut.Length - Ellipsis.Length);
        var open = kept.LastIndexOf('<');
        if (open >= 0 && kept.IndexOf('>', open) < 0) kept = kept.Substring(0, open);
        var amp = kept.LastIndexOf('&');
        if (amp >= 0 && amp >= kept.Length - 5 && kept.IndexOf(';', amp) < 0) kept = kept.Substring(0, amp);
        return kept + Ellipsis;
    }
}
