namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>
/// What this listener has acknowledged during its life, so that a second click (or two clicks racing) neither
/// updates a message twice nor logs an order twice. Messages are keyed by channel + ts, orders by id.
/// </summary>
public sealed class AcknowledgementRegistry
{
    private readonly object _gate = new object();
    private readonly Dictionary<string, string> _messages = new Dictionary<string, string>(StringComparer.Ordinal);
    private readonly HashSet<string> _orders = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Claims a message for acknowledgement (by <paramref name="user"/>); false if another click already has it.</summary>
    public bool TryClaimMessage(string channel, string ts, string user = "")
    {
        lock (_gate)
        {
            if (_messages.ContainsKey(MessageKey(channel, ts))) return false;
            _messages[MessageKey(channel, ts)] = user;
            return true;
        }
    }

    /// <summary>Who claimed the message through this listener; null when nobody did (or the click named nobody).</summary>
    public string? ClaimantOf(string channel, string ts)
    {
        lock (_gate) return _messages.TryGetValue(MessageKey(channel, ts), out var user) && user.Length > 0 ? user : null;
    }

    /// <summary>Gives a message back after its update failed, so that a later click can try again.</summary>
    public void ReleaseMessage(string channel, string ts)
    {
        lock (_gate) _messages.Remove(MessageKey(channel, ts));
    }

    /// <summary>Claims an order for the side effects that must happen once (the sheet row, the tag).</summary>
    public bool TryClaimOrder(string orderId)
    {
        lock (_gate) return _orders.Add(orderId);
    }

    public void ReleaseOrder(string orderId)
    {
        lock (_gate) _orders.Remove(orderId);
    }

    private static string MessageKey(string channel, string ts) => channel + "\n" + ts;
}
