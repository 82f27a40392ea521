using System.Text.RegularExpressions;
using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Slack;

/// <summary>
/// Who has an alert, read from the message as it is in Slack: the listener's claim line (a context block
/// <c>order_acknowledged</c>: "✅ Claimed by &lt;@U…&gt; at …", or the older "Acknowledged by"), else the metadata's
/// <c>acknowledged_by</c> when Slack returned it. Read from Slack, not from a local file, so that a listener on
/// another machine counts.
/// </summary>
public static class ClaimState
{
    private static readonly Regex Mention = new Regex("<@([UW][A-Z0-9]{2,30})>", RegexOptions.CultureInvariant);

    /// <summary>The user id (or, for a listener that knew no id, the name) that claimed the alert; null when nobody has.</summary>
    public static string? ClaimedBy(JsonObject? message)
    {
        if (message == null) return null;
        foreach (var block in (message["blocks"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
        {
            var isClaim = InteractionPayloadParser.Text(block, "block_id") == AcknowledgementMessage.AcknowledgedBlockId;
            foreach (var element in (block["elements"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
            {
                var text = InteractionPayloadParser.Text(element, "text") ?? string.Empty;
                var prefix = AcknowledgementMessage.ClaimPrefixes.FirstOrDefault(p => text.StartsWith(p, StringComparison.Ordinal));
                if (!isClaim && prefix == null) continue;
                var mention = Mention.Match(text);
                if (mention.Success) return mention.Groups[1].Value;
                var rest = prefix == null ? text : text.Substring(prefix.Length).Trim();
                var at = rest.LastIndexOf(" at ", StringComparison.Ordinal);
                var name = (at > 0 ? rest.Substring(0, at) : rest).Trim();
                if (name.Length > 0) return name;
            }
        }
        var payload = message["metadata"]?["event_payload"] as JsonObject;
        var byMetadata = payload == null ? null : InteractionPayloadParser.Text(payload, "acknowledged_by");
        return string.IsNullOrWhiteSpace(byMetadata) ? null : byMetadata;
    }

    /// <summary>How a claimant is written in a message: a mention for a user id, the escaped name otherwise.</summary>
    public static string Mentioned(string claimant) =>
        Regex.IsMatch(claimant, "^[UW][A-Z0-9]{2,30}$", RegexOptions.CultureInvariant)
            ? $"<@{claimant}>" : SlackText.EscapeMrkdwn(claimant);
}
