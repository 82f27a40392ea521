namespace AlloyShopifySlack.Slack.Preview;

/// <summary>
/// Slack's Block Kit Builder opens a message from its address: https://app.slack.com/block-kit-builder#
/// followed by the URL-encoded {"blocks":[…]}, the form Slack's own documentation links use.
/// </summary>
public static class BlockKitBuilderLink
{
    public const string BuilderAddress = "https://app.slack.com/block-kit-builder#";

    public static string For(JsonArray? blocks) =>
        BuilderAddress + PercentEncode(new JsonObject { ["blocks"] = blocks?.DeepClone() ?? new JsonArray() }.ToJsonString(
            SlackMessage.ReadableJson));

    /// <summary>
    /// Every byte but RFC 3986's unreserved characters percent-encoded, by hand: Uri.EscapeDataString refuses
    /// long strings on older .NET Framework, and a digest's blocks can be tens of kilobytes.
    /// </summary>
    public static string PercentEncode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var encoded = new StringBuilder(bytes.Length * 2);
        const string hex = "0123456789ABCDEF";
        foreach (var b in bytes)
        {
            var c = (char)b;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~')
                encoded.Append(c);
            else
                encoded.Append('%').Append(hex[b >> 4]).Append(hex[b & 15]);
        }
        return encoded.ToString();
    }
}
