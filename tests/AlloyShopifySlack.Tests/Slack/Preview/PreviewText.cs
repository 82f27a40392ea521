using System.Net;
using System.Text.RegularExpressions;

namespace AlloyShopifySlack.Tests.Slack.Preview;

/// <summary>What a person reads in rendered HTML: the tags dropped and the entities decoded.</summary>
public static class PreviewText
{
    public static string Visible(string html) => WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]*>", string.Empty));
}
