using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Slack;

/// <summary>
/// The alert identity carried in block ids. Alloy's Slack action schemas do not declare <c>metadata</c>, so Alloy
/// may drop it; a block's <c>block_id</c> always reaches Slack and comes back in conversations.history. An alert's
/// first block is <c>alloy-alert:&lt;order number&gt;</c>, a digest's <c>alloy-digest:&lt;digest id&gt;</c>, and each
/// digest block that lists orders is <c>alloy-orders:&lt;n1&gt;,&lt;n2&gt;…</c> (block ids hold at most 255 characters).
/// A follow-up (a thread reply about a change, an escalation) is <c>alloy-followup:&lt;key&gt;</c>: it names no order,
/// so it never counts as an alert.
/// </summary>
public static class AlertBlockIds
{
    public const string AlertPrefix = "alloy-alert:";
    public const string DigestPrefix = "alloy-digest:";
    public const string OrdersPrefix = "alloy-orders:";
    public const string FollowUpPrefix = "alloy-followup:";
    public const int MaxLength = 255;

    /// <summary>"gid://shopify/Order/123" → "123": what block ids carry, and how identities are compared.</summary>
    public static string OrderNumber(string orderId)
    {
        if (string.IsNullOrEmpty(orderId)) return string.Empty;
        var slash = orderId.LastIndexOf('/');
        var number = slash >= 0 ? orderId.Substring(slash + 1) : orderId;
        return number.Length > 0 ? number : orderId;
    }

    /// <summary>The alert's block id, or null for an order id too long for one (the metadata then carries it alone).</summary>
    public static string? ForOrder(string orderId) => Fit(AlertPrefix + OrderNumber(orderId));

    public static string? ForDigest(string digestId) => Fit(DigestPrefix + digestId);

    public static string? ForFollowUp(string key) => Fit(FollowUpPrefix + key);

    /// <summary>"alloy-orders:1001,1002"; null when the ids do not fit in one block id (see <see cref="Fits"/>).</summary>
    public static string? ForOrders(IEnumerable<string> orderIds) => Fit(OrdersPrefix + string.Join(",", orderIds.Select(OrderNumber)));

    /// <summary>True when these orders fit in one <c>alloy-orders:</c> block id.</summary>
    public static bool Fits(IEnumerable<string> orderIds) => ForOrders(orderIds) != null;

    /// <summary>
    /// Puts <paramref name="blockId"/> on the first block (a template's own id there gives way) and takes it off
    /// any other block, so that it stays unique within the message.
    /// </summary>
    public static void MarkFirstBlock(JsonArray? blocks, string? blockId)
    {
        if (blocks == null || blocks.Count == 0 || blockId == null || !(blocks[0] is JsonObject first)) return;
        foreach (var other in blocks.Skip(1).OfType<JsonObject>())
            if (other["block_id"] is JsonValue value && value.TryGetValue<string>(out var id) && id == blockId) other.Remove("block_id");
        first["block_id"] = blockId;
    }

    private static string? Fit(string blockId) => blockId.Length <= MaxLength ? blockId : null;
}

/// <summary>Which alerts a message in a channel's history is: read from its metadata when Slack returns it, and from its block
/// ids.</summary>
public sealed class MessageIdentity
{
    private readonly HashSet<string> _orders = new HashSet<string>(StringComparer.Ordinal);
    private readonly HashSet<string> _digests = new HashSet<string>(StringComparer.Ordinal);
    private readonly HashSet<string> _followUps = new HashSet<string>(StringComparer.Ordinal);

    public string? Ts { get; private set; }

    /// <summary>Order numbers (the tail of the gid) the message alerts, alone or in a digest.</summary>
    public IReadOnlyCollection<string> OrderNumbers => _orders;
    public IReadOnlyCollection<string> DigestIds => _digests;
    public bool IsAlert => _orders.Count > 0 || _digests.Count > 0;

    /// <summary>Follow-up keys (replies about changes, escalations) the message carries.</summary>
    public IReadOnlyCollection<string> FollowUpKeys => _followUps;

    public bool HasFollowUp(string key) => _followUps.Contains(key);

    /// <summary>True when the message alerts <paramref name="orderId"/> (its own alert, or a digest that lists it).</summary>
    public bool HasOrder(string orderId) => _orders.Contains(AlertBlockIds.OrderNumber(orderId));

    public bool HasDigest(string digestId) => _digests.Contains(digestId);

    /// <summary>Reads one message of a conversations.history answer.</summary>
    public static MessageIdentity Read(JsonElement message)
    {
        var identity = new MessageIdentity { Ts = JsonRead.String(message, "ts") };
        var metadata = JsonRead.Property(message, "metadata");
        if (metadata != null && JsonRead.Property(metadata.Value, "event_payload") is JsonElement payload)
        {
            var type = JsonRead.String(metadata.Value, "event_type");
            if (type == OrderMessageBuilder.AlertEventType) identity.AddOrder(JsonRead.String(payload, "order_id"));
            if (type == OrderDigestBuilder.DigestEventType)
            {
                identity.AddDigest(JsonRead.String(payload, "digest_id"));
                foreach (var id in OrderDigestBuilder.OrderIds(payload)) identity.AddOrder(id);
            }
            if (type == FollowUpMessages.FollowUpEventType && JsonRead.String(payload, "followup_key") is string key
                && key.Length > 0) identity._followUps.Add(key);
        }
        foreach (var block in JsonRead.Array(JsonRead.Property(message, "blocks")))
            identity.AddBlockId(JsonRead.String(block, "block_id"));
        return identity;
    }

    private void AddBlockId(string? blockId)
    {
        if (string.IsNullOrEmpty(blockId)) return;
        if (blockId!.StartsWith(AlertBlockIds.AlertPrefix, StringComparison.Ordinal)) AddOrder(
            blockId.Substring(AlertBlockIds.AlertPrefix.Length));
        else if (blockId.StartsWith(AlertBlockIds.DigestPrefix, StringComparison.Ordinal)) AddDigest(
            blockId.Substring(AlertBlockIds.DigestPrefix.Length));
        else if (blockId.StartsWith(AlertBlockIds.OrdersPrefix, StringComparison.Ordinal))
            foreach (var number in blockId.Substring(AlertBlockIds.OrdersPrefix.Length).Split(',')) AddOrder(number);
        else if (blockId.StartsWith(AlertBlockIds.FollowUpPrefix, StringComparison.Ordinal)
            && blockId.Length > AlertBlockIds.FollowUpPrefix.Length)
            _followUps.Add(blockId.Substring(AlertBlockIds.FollowUpPrefix.Length));
    }

    private void AddOrder(string? orderId)
    {
        if (!string.IsNullOrEmpty(orderId)) _orders.Add(AlertBlockIds.OrderNumber(orderId!));
    }

    private void AddDigest(string? digestId)
    {
        if (!string.IsNullOrEmpty(digestId)) _digests.Add(digestId!);
    }
}
