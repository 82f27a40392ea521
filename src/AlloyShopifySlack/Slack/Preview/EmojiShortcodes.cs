using System.Text.RegularExpressions;

namespace AlloyShopifySlack.Slack.Preview;

/// <summary>
/// Slack turns :shortcodes: into emoji. The page cannot load Slack's emoji images (no network), so the common
/// ones become their Unicode characters and any other stays as written, which is also how Slack shows an unknown one.
/// </summary>
internal static class EmojiShortcodes
{
    private static readonly Regex Shortcode = new Regex(":([a-z0-9_+\\-]{1,40}):", RegexOptions.CultureInvariant);

    private static readonly Dictionary<string, string> Known = new Dictionary<string, string>
    {
        ["tada"] = "🎉", ["white_check_mark"] = "✅", ["heavy_check_mark"] = "✔️", ["x"] = "❌", ["warning"] = "⚠️",
        ["rotating_light"] = "🚨", ["moneybag"] = "💰", ["money_with_wings"] = "💸", ["dollar"] = "💵", ["credit_card"] = "💳",
        ["package"] = "📦", ["shopping_trolley"] = "🛒", ["shopping_bags"] = "🛍️", ["gift"] = "🎁", ["fire"] = "🔥",
        ["star"] = "⭐", ["sparkles"] = "✨", ["rocket"] = "🚀", ["bell"] = "🔔", ["eyes"] = "👀", ["test_tube"] = "🧪",
        ["truck"] = "🚚", ["receipt"] = "🧾", ["chart_with_upwards_trend"] = "📈", ["point_right"] = "👉", ["+1"] = "👍",
        ["thumbsup"] = "👍", ["clock3"] = "🕒", ["hourglass"] = "⌛", ["information_source"] = "ℹ️", ["link"] = "🔗",
    };

    public static string Replace(string text) =>
        text.IndexOf(':') < 0 ? text : Shortcode.Replace(text, m => Known.TryGetValue(m.Groups[1].Value, out var emoji) ? emoji : m.Value);
}
