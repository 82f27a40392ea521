using System.Text.RegularExpressions;

namespace AlloyShopifySlack.Slack.Preview;

/// <summary>
/// The &lt;…&gt; tokens of mrkdwn: links, user and channel mentions, dates, and the specials (&lt;!channel&gt;,
/// &lt;!here&gt;, …). A special is shown literally, as its raw token, never as a working mention: the preview is
/// where a stray one should be noticed.
/// </summary>
internal static class MrkdwnTokens
{
    private static readonly Regex DateFormat = new Regex("\\{(date_num|date_short_pretty|date_long_pretty|date_pretty|date_short|date_" +
        "long|date|time_secs|time|ago)\\}",
        RegexOptions.CultureInvariant);

    /// <summary>The HTML for the text between &lt; and &gt; (exclusive).</summary>
    public static string Render(string token)
    {
        var bar = token.IndexOf('|');
        var target = bar < 0 ? token : token.Substring(0, bar);
        var label = bar < 0 ? null : token.Substring(bar + 1);
        if (target.StartsWith("@", StringComparison.Ordinal))
            return Mention("@" + (label ?? target.Substring(1)));
        if (target.StartsWith("#", StringComparison.Ordinal))
            return Mention("#" + (label ?? target.Substring(1)));
        if (target.StartsWith("!date^", StringComparison.Ordinal))
            return "<span class=\"mdate\" title=\"Slack shows this in each reader's time zone\">"
                + HtmlText.Escape(Date(target, label)) + "</span>";
        if (target.StartsWith("!", StringComparison.Ordinal))
            return "<span class=\"mspecial\" title=\"A Slack special: this would notify people. Shown here as written.\">" +
                   HtmlText.Escape("<" + token + ">") + "</span>";

        var url = HtmlText.DecodeSlackEntities(target).Trim();
        var text = label != null && label.Length > 0 ? label : target;
        var shown = EmojiShortcodes.Replace(HtmlText.Escape(HtmlText.DecodeSlackEntities(text)));
        if (!IsWebAddress(url)) return shown; // Slack makes no link of it either
        return "<a href=\"" + HtmlText.Escape(url) + "\" target=\"_blank\" rel=\"noopener noreferrer\">" + shown + "</a>";
    }

    /// <summary>Only addresses a person could follow: http(s) and mailto (no javascript:, data:, file:).</summary>
    public static bool IsWebAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == "https" || uri.Scheme == "http" || uri.Scheme == "mailto");

    private static string Mention(string text) => "<span class=\"mention\">"
        + HtmlText.Escape(HtmlText.DecodeSlackEntities(text)) + "</span>";

    /// <summary>"!date^unix^format[^link]" with its fallback: the format's words in UTC, or the fallback if the token is
    /// malformed.</summary>
    private static string Date(string target, string? fallback)
    {
        var parts = target.Split('^');
        if (parts.Length < 3 || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var unix) ||
            unix < -62135596800L || unix > 253402300799L)
            return HtmlText.DecodeSlackEntities(fallback ?? target);
        var at = DateTimeOffset.FromUnixTimeSeconds(unix);
        var text = DateFormat.Replace(HtmlText.DecodeSlackEntities(parts[2]), m => Word(m.Groups[1].Value, at));
        return text + " UTC";
    }

    private static string Word(string name, DateTimeOffset at)
    {
        var c = CultureInfo.InvariantCulture;
        switch (name)
        {
            case "date_num": return at.ToString("yyyy-MM-dd", c);
            case "date_short": case "date_short_pretty": return at.ToString("MMM d, yyyy", c);
            case "date_long": case "date_long_pretty": return at.ToString("dddd, MMMM d", c) + Ordinal(at.Day) + at.ToString(", yyyy", c);
            case "time": return at.ToString("h:mm tt", c);
            case "time_secs": return at.ToString("h:mm:ss tt", c);
            case "ago": return at.ToString("MMM d, yyyy h:mm tt", c);
            default: return at.ToString("MMMM d", c) + Ordinal(at.Day) + at.ToString(", yyyy", c);
        }
    }

    private static string Ordinal(int day) =>
        day % 100 >= 11 && day % 100 <= 13 ? "th" : (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
}
