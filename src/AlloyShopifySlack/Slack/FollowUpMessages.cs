using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Slack;

/// <summary>
/// The messages that follow an alert. The alert itself is changed in place from what is in the channel (so that
/// a claim, a template's blocks and anything else stay as they are): a status line at the top of a single alert,
/// or the order's line of a digest marked. Replies and escalations carry a follow-up key in their first block's
/// id and in their metadata, so that a run that does not know whether a post landed finds it in the thread.
/// Pure functions: message JSON in, message out.
/// </summary>
public static class FollowUpMessages
{
    public const string FollowUpEventType = "shopify_order_followup";
    public const string StatusBlockId = "alloy-status";
    /// <summary>Between a digest line and its status; an earlier status is cut there before the new one is put on.</summary>
    public const string DigestStatusSeparator = " — *Now:* ";

    /// <summary>
    /// The message as it is in the channel with <paramref name="statuses"/> shown: for a single alert the status line
    /// (the first non-null) replaces an earlier one at the top; for a digest each order's line is marked. A null status
    /// takes an earlier one away. Blocks, the fallback text, a claim and the metadata (when Slack returned it) stay.
    /// </summary>
    public static SlackMessage WithStatus(JsonObject message, IReadOnlyList<(string OrderId, string OrderName, string? Status)> statuses)
    {
        var blocks = message["blocks"] is JsonArray existing ? (JsonArray)existing.DeepClone() : new JsonArray();
        var text = InteractionPayloadParser.Text(message, "text") ?? string.Empty;
        if (IsDigest(blocks)) MarkDigestLines(blocks, statuses);
        else SetStatusBlock(blocks, statuses.Select(s => s.Status).FirstOrDefault(s => s != null));
        var updated = new SlackMessage(text.Length > 0 ? text : statuses.Select(s => s.Status).FirstOrDefault(s => s != null)
            ?? " ") { Blocks = blocks };
        if (message["metadata"] is JsonObject metadata) updated.Metadata = (JsonObject)metadata.DeepClone();
        return updated;
    }

    /// <summary>The status line a message shows now (single alerts), or null.</summary>
    public static string? StatusOf(JsonObject? message)
    {
        var block = (message?["blocks"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(
            b => InteractionPayloadParser.Text(b, "block_id") == StatusBlockId);
        var text = block == null ? null : InteractionPayloadParser.Text(block["text"] as JsonObject, "text");
        return text != null && text.Length > 1 && text[0] == '*' && text[text.Length - 1] == '*'
            ? text.Substring(1, text.Length - 2) : text;
    }

    /// <summary>A thread reply about one order: what changed and when, with <paramref name="key"/> in its block id and metadata.</summary>
    public static SlackMessage Reply(string threadTs, string orderId, string orderName, string changes, DateTimeOffset at, string key)
    {
        var name = SlackText.EscapeMrkdwn(orderName);
        var line = SlackText.TruncateMrkdwn($"🔄 *{name}* changed: {changes}", BlockKitLimits.SectionText);
        return Keyed(new SlackMessage(SlackText.TruncateMrkdwn($"🔄 {name} changed: {changes}", BlockKitLimits.MessageText))
        {
            Blocks = new JsonArray(BlockKit.Section(line), BlockKit.Context("As of " + When(at))),
            ThreadTs = threadTs,
        }, orderId, key);
    }

    /// <summary>
    /// The escalation of an alert nobody claimed: a reply in its thread that mentions <paramref name="mention"/>
    /// (&lt;@U…&gt; or &lt;!subteam^S…&gt;), or, with <paramref name="threadTs"/> null, a short post for another channel
    /// that links the alert.
    /// </summary>
    public static SlackMessage Escalation(string? threadTs, string orderId, string orderName, string money, TimeSpan unclaimedFor,
        string? mention, string? alertLink, string alertChannel, string key)
    {
        var name = SlackText.EscapeMrkdwn(orderName);
        var minutes = Math.Max(1, (int)Math.Round(unclaimedFor.TotalMinutes));
        var what = $"order *{name}* ({money}) has not been claimed for {minutes} minute{(minutes == 1 ? "" : "s")}";
        var line = threadTs != null
            ? $"⏰ {mention} {what}. Claim it above, or hand it on."
            : $"⏰ In <#{alertChannel}>, {what}: " + (alertLink != null ? $"<{alertLink}|open the alert>" : "see the channel") + ".";
        return Keyed(new SlackMessage(SlackText.TruncateMrkdwn(line.Replace("*", string.Empty), BlockKitLimits.MessageText))
        {
            Blocks = new JsonArray(BlockKit.Section(SlackText.TruncateMrkdwn(line, BlockKitLimits.SectionText))),
            ThreadTs = threadTs,
        }, orderId, key);
    }

    /// <summary>How a target is mentioned: U…/W… a user, S… a user group; null for a channel (C…, G…: a post there instead).</summary>
    public static string? MentionOf(string target) => target.Length < 2 ? null : target[0] switch
    {
        'U' or 'W' => $"<@{target}>",
        'S' => $"<!subteam^{target}>",
        _ => null,
    };

    private static SlackMessage Keyed(SlackMessage message, string orderId, string key)
    {
        AlertBlockIds.MarkFirstBlock(message.Blocks, AlertBlockIds.ForFollowUp(key));
        message.Metadata = new JsonObject
        {
            ["event_type"] = FollowUpEventType,
            ["event_payload"] = new JsonObject { ["order_id"] = orderId, ["followup_key"] = key },
        };
        return message;
    }

    private static string When(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return $"<!date^{utc.ToUnixTimeSeconds()}^{{date_short_pretty}} {{time}}|{OrderFormat.RawUtc(utc)}>";
    }

    private static bool IsDigest(JsonArray blocks)
    {
        var ids = blocks.OfType<JsonObject>().Select(b => InteractionPayloadParser.Text(b, "block_id") ?? string.Empty).ToList();
        return !ids.Any(id => id.StartsWith(AlertBlockIds.AlertPrefix, StringComparison.Ordinal))
            && ids.Any(id => id.StartsWith(AlertBlockIds.DigestPrefix, StringComparison.Ordinal)
                || id.StartsWith(AlertBlockIds.OrdersPrefix, StringComparison.Ordinal));
    }

    private static void SetStatusBlock(JsonArray blocks, string? status)
    {
        var index = blocks.OfType<JsonObject>().ToList().FindIndex(b => InteractionPayloadParser.Text(b, "block_id") == StatusBlockId);
        if (index >= 0) blocks.RemoveAt(index);
        if (status == null || blocks.Count >= BlockKitLimits.MaxBlocks) return;
        blocks.Insert(0, BlockKit.Section(SlackText.TruncateMrkdwn("*" + status + "*", BlockKitLimits.SectionText), StatusBlockId));
    }

    /// <summary>Each order's line in the digest's sections ends with its status (an earlier one replaced).</summary>
    private static void MarkDigestLines(JsonArray blocks, IReadOnlyList<(string OrderId, string OrderName, string? Status)> statuses)
    {
        foreach (var block in blocks.OfType<JsonObject>())
        {
            var id = InteractionPayloadParser.Text(block, "block_id") ?? string.Empty;
            if (!id.StartsWith(AlertBlockIds.OrdersPrefix, StringComparison.Ordinal) || !(block["text"] is JsonObject text)) continue;
            var numbers = id.Substring(AlertBlockIds.OrdersPrefix.Length).Split(',');
            var lines = (InteractionPayloadParser.Text(text, "text") ?? string.Empty).Split('\n');
            var changed = false;
            foreach (var (orderId, orderName, status) in statuses)
            {
                if (!numbers.Contains(AlertBlockIds.OrderNumber(orderId))) continue;
                var name = SlackText.EscapeMrkdwn(orderName);
                for (var n = 0; n < lines.Length; n++)
                {
                    if (!(lines[n].Contains(name + "*") || lines[n].Contains("|" + name + ">"))) continue;
                    var cut = lines[n].IndexOf(DigestStatusSeparator, StringComparison.Ordinal);
                    lines[n] = (cut >= 0 ? lines[n].Substring(0, cut) : lines[n])
                        + (status == null ? string.Empty : DigestStatusSeparator + "_" + status + "_");
                    changed = true;
                }
            }
            var joined = string.Join("\n", lines);
            if (changed && joined.Length <= BlockKitLimits.SectionText) text["text"] = joined;
        }
    }
}
