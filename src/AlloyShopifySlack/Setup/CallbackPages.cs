using System.Net;

namespace AlloyShopifySlack.Setup;

/// <summary>The small pages the loopback listener shows in the browser: all say to go back to the terminal.</summary>
internal static class CallbackPages
{
    public static string Succeeded(string connectorName) => Page(
        $"{connectorName} is connected",
        "Alloy has your consent. You can close this tab and return to the terminal, where the set-up goes on.");

    public static string Failed(string connectorName, OAuthCallback callback) => Page(
        $"{connectorName} was not connected",
        $"The sign-in came back with an error ({callback.DescribeError()}). Return to the terminal for what to do next.");

    public static string Refused() => Page("Not this sign-in",
        "This address is waiting for a sign-in, but this request did not come back from it (the state value is missing or wrong). Return " +
            "to the terminal.");

    public static string NotFound() => Page("Not found", "This address is not waiting for a sign-in. Return to the terminal.");

    private static string Page(string title, string text)
    {
        var safeTitle = WebUtility.HtmlEncode(title);
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + safeTitle + "</title>" +
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>" +
               "<body style=\"font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;line-height:1.5\">" +
               "<h1 id=\"title\">" + safeTitle + "</h1><p id=\"message\">" + WebUtility.HtmlEncode(text) + "</p></body></html>";
    }
}
