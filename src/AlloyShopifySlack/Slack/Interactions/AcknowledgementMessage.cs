using System.Text.RegularExpressions;

namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>
/// The alert after someone claimed it: the Claim button (action id acknowledge_order) is replaced by "✅ Claimed by
/// @user at time" (a context block), every other block and the metadata are kept. Pure: message JSON in, message out.
/// </summary>
public static class AcknowledgementMessage
{
    public const string AcknowledgeActionId = OrderMessageBuilder.AcknowledgeActionId;
    public const string AcknowledgedBlockId = "order_acknowledged";
    public const string ClaimedPrefix = "✅ Claimed by";
    /// <summary>What listeners wrote before the button became a claim; still read as one.</summary>
    public const string AcknowledgedPrefix = "✅ Acknowledged by";

    /// <summary>Every way a claim line has begun.</summary>
    public static readonly string[] ClaimPrefixes = { ClaimedPrefix, AcknowledgedPrefix };

    private static readonly Regex SlackUserId = new Regex("^[UW][A-Z0-9]{2,30}$", RegexOptions.CultureInvariant);

    /// <summary>True when the message already carries the acknowledgement (a retry, or a click on a stale client view).</summary>
    public static bool IsAcknowledged(JsonObject? message)
    {
        if (!(message?["blocks"] is JsonArray blocks)) return false;
        foreach (var block in blocks.OfType<JsonObject>())
        {
            if (InteractionPayloadParser.Text(block, "block_id") == AcknowledgedBlockId) return true;
            if (block["elements"] is JsonArray elements &&
                elements.OfType<JsonObject>().Any(e => ClaimPrefixes.Any(p => (InteractionPayloadParser.Text(e, "text") ?? string.Empty)
                    .StartsWith(p, StringComparison.Ordinal))))
                return true;
        }
        return false;
    }

    /// <summary>The acknowledgement line; the time renders in each reader's own time zone, with a UTC fallback.</summary>
    public static string AcknowledgementText(string userId, string? userName, DateTimeOffset at)
    {
        var who = SlackUserId.IsMatch(userId) ? $"<@{userId}>" : SlackText.EscapeMrkdwn(userName ?? userId);
        var utc = at.ToUniversalTime();
        var fallback = utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
        return $"{ClaimedPrefix} {who} at <!date^{utc.ToUnixTimeSeconds()}^{{date_short_pretty}} {{time}}|{fallback}>";
    }

    /// <summary>What a second person who clicks Claim is told (only they see it): who has the alert.</summary>
    public static string ClaimedAlreadyText(string? orderName, string claimant) =>
        $"🙋 {(string.IsNullOrEmpty(orderName) ? "This order" : "Order " + SlackText.EscapeMrkdwn(orderName))} is claimed " +
            $"by {ClaimState.Mentioned(claimant)}: ask them before you act on it.";

    public static SlackMessage Build(JsonObject? original, string userId, string? userName, DateTimeOffset at)
    {
        var line = AcknowledgementText(userId, userName, at);
        var acknowledged = new JsonObject
        {
            ["type"] = "context",
            ["block_id"] = AcknowledgedBlockId,
            ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = line }),
        };

        var blocks = original?["blocks"] is JsonArray existing ? (JsonArray)existing.DeepClone() : new JsonArray();
        var originalText = InteractionPayloadParser.Text(original, "text");
        if (blocks.Count == 0 && !string.IsNullOrEmpty(originalText))
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = originalText } });
        PlaceAcknowledgement(blocks, acknowledged);

        var message = new SlackMessage(string.IsNullOrEmpty(originalText) ? line : originalText!) { Blocks = blocks };
        if (original?["metadata"] is JsonObject metadata)
        {
            var kept = (JsonObject)metadata.DeepClone();
            if (kept["event_payload"] is JsonObject payload)
            {
                payload["acknowledged_by"] = userId;
                payload["acknowledged_at"] = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            }
            message.Metadata = kept;
        }
        return message;
    }

    /// <summary>Removes the Acknowledge button; the acknowledgement takes its place (or follows what is left of its block).</summary>
    private static void PlaceAcknowledgement(JsonArray blocks, JsonObject acknowledged)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            if (!(blocks[i] is JsonObject block) || !(block["elements"] is JsonArray elements)) continue;
            var button = elements.OfType<JsonObject>().FirstOrDefault(e => InteractionPayloadParser.Text(e,
                "action_id") == AcknowledgeActionId);
            if (button == null) continue;
            elements.Remove(button);
            if (elements.Count == 0) blocks[i] = acknowledged;
            else blocks.Insert(i + 1, acknowledged);
            TrimToLimit(blocks, acknowledged);
            return;
        }
        blocks.Add(acknowledged);
        TrimToLimit(blocks, acknowledged);
    }

    private static void TrimToLimit(JsonArray blocks, JsonObject keep)
    {
        for (var i = blocks.Count - 1; blocks.Count > BlockKitLimits.MaxBlocks && i >= 0; i--)
        {
            if (!ReferenceEquals(blocks[i], keep)) blocks.RemoveAt(i);
        }
    }
}
