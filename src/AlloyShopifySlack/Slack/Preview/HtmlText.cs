using System.Text.RegularExpressions;

namespace AlloyShopifySlack.Slack.Preview;

/// <summary>HTML escaping for the preview page, and the decoding of the only three entities Slack decodes.</summary>
public static class HtmlText
{
    private static readonly Regex SlackEntity = new Regex("&(amp|lt|gt);", RegexOptions.CultureInvariant);

    /// <summary>Text or attribute value made inert: &amp; &lt; &gt; &quot; and ' are encoded, nothing else.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var builder = new StringBuilder(text!.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case '\0': break; // never meaningful, and the renderer uses it to mark tokens
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// What a person sees of Slack-escaped text: &amp;amp; &amp;lt; &amp;gt; become &amp; &lt; &gt;, in one pass
    /// (so "&amp;amp;lt;" shows as "&amp;lt;", as in Slack). Any other entity stays as written, as Slack shows it.
    /// </summary>
    public static string DecodeSlackEntities(string? text)
    {
        if (string.IsNullOrEmpty(text) || text!.IndexOf('&') < 0) return text ?? string.Empty;
        return SlackEntity.Replace(text, m => m.Groups[1].Value == "amp" ? "&" : m.Groups[1].Value == "lt" ? "<" : ">");
    }
}
