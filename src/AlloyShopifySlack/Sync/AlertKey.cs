using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Sync;

/// <summary>
/// How a posted alert is found again in a channel's history: its metadata event type and one payload field, and
/// the same identity in its first block's id (Alloy may drop metadata; block ids always travel). The message
/// carries both, so a run that does not know whether its post landed can look before posting again.
/// </summary>
public sealed record AlertKey(string EventType, string PayloadField, string Value)
{
    public const string OrderEventType = "shopify_order_alert";
    public const string DigestEventType = "shopify_order_digest";
    public const string FollowUpEventType = "shopify_order_followup";

    public static AlertKey ForOrder(string orderId) => new AlertKey(OrderEventType, "order_id", orderId);

    public static AlertKey ForDigest(string digestId) => new AlertKey(DigestEventType, "digest_id", digestId);

    /// <summary>A follow-up's key ("1001.2": the second reply about order 1001; "1001.escalation").</summary>
    public static AlertKey ForFollowUp(string key) => new AlertKey(FollowUpEventType, "followup_key", key);

    public bool IsDigest => EventType == DigestEventType;
    public bool IsFollowUp => EventType == FollowUpEventType;

    /// <summary>Equal for equal keys ("shopify_order_alert:gid://shopify/Order/1").</summary>
    public string Id => EventType + ":" + Value;

    /// <summary>The block id of the message's first block (<see cref="AlertBlockIds"/>): it reaches Slack when metadata does not.</summary>
    public string? BlockId => IsDigest ? AlertBlockIds.ForDigest(Value) : IsFollowUp ? AlertBlockIds.ForFollowUp(Value)
        : AlertBlockIds.ForOrder(Value);

    /// <summary>True when a message in the history is this alert: an order's own alert or a digest listing it; a digest by its id; a
    /// follow-up by its key.</summary>
    public bool Matches(MessageIdentity message) => IsDigest ? message.HasDigest(Value)
        : IsFollowUp ? message.HasFollowUp(Value) : message.HasOrder(Value);

    /// <summary>
    /// Makes sure the message carries this key in its metadata and in its first block's id (keeping whatever
    /// else the builder put there).
    /// </summary>
    public SlackMessage Stamp(SlackMessage message)
    {
        AlertBlockIds.MarkFirstBlock(message.Blocks, BlockId);
        var metadata = message.Metadata ?? new JsonObject();
        metadata["event_type"] = EventType;
        if (!(metadata["event_payload"] is JsonObject payload))
        {
            payload = new JsonObject();
            metadata["event_payload"] = payload;
        }
        payload[PayloadField] = Value;
        message.Metadata = metadata;
        return message;
    }

    public override string ToString() => $"{EventType} {PayloadField}={Value}";
}
