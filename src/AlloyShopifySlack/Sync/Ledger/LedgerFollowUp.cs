using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>
/// The parts of an order a follow-up compares: whether it is cancelled, its payment (refunded, partly refunded,
/// voided), its total (edits), its fulfilment and its tags. Immutable; equal snapshots mean nothing to report.
/// </summary>
public sealed class OrderSnapshot : IEquatable<OrderSnapshot>
{
    public decimal Total { get; init; }
    public string? FinancialStatus { get; init; }
    public string? FulfillmentStatus { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public decimal? TotalRefunded { get; init; }
    /// <summary>Tags, sorted and comma-joined (the sync's own -TagOrders tags left out: adding them is not news).</summary>
    public string Tags { get; init; } = string.Empty;
    /// <summary>When the order was in this state (its updatedAt); not compared.</summary>
    public DateTimeOffset? At { get; init; }

    public bool IsCancelled => CancelledAt != null;
    public bool IsRefunded => FinancialStatus == "REFUNDED" || FinancialStatus == "PARTIALLY_REFUNDED";

    public static OrderSnapshot Of(ShopifyOrder order, IEnumerable<string>? ownTags = null)
    {
        var own = new HashSet<string>(ownTags ?? Enumerable.Empty<string>(), StringComparer.OrdinalIgnoreCase);
        return new OrderSnapshot
        {
            Total = order.Total,
            FinancialStatus = Upper(order.FinancialStatus),
            FulfillmentStatus = Upper(order.FulfillmentStatus),
            CancelledAt = order.CancelledAt,
            TotalRefunded = order.TotalRefunded is { } refunded && refunded > 0 ? refunded : (decimal?)null,
            Tags = string.Join(",", order.Tags.Where(t => !own.Contains(t)).Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(t => t, StringComparer.OrdinalIgnoreCase)),
            At = order.UpdatedAt,
        };
    }

    public IReadOnlyList<string> TagList => Tags.Length == 0 ? Array.Empty<string>() : Tags.Split(',');

    public bool Equals(OrderSnapshot? other) =>
        other != null && Total == other.Total && FinancialStatus == other.FinancialStatus && FulfillmentStatus == other.FulfillmentStatus
        && IsCancelled == other.IsCancelled && (TotalRefunded ?? 0) == (other.TotalRefunded ?? 0)
        && string.Equals(Tags, other.Tags, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => Equals(obj as OrderSnapshot);

    public override int GetHashCode() => Total.GetHashCode() ^ (FinancialStatus?.GetHashCode() ?? 0) ^ IsCancelled.GetHashCode();

    private static string? Upper(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim().ToUpperInvariant();
}

/// <summary>
/// A follow-up recorded before it is posted (durably, like an alert's intent): the alert is to show
/// <see cref="Target"/>, and reply number <see cref="Seq"/> says what changed. A run that dies before settling it
/// leaves it here; the next looks for its key in the thread before posting.
/// </summary>
public sealed class FollowUpIntent
{
    public int Seq { get; init; }
    public OrderSnapshot Target { get; init; } = new OrderSnapshot();
    public DateTimeOffset At { get; init; }
}

/// <summary>An alert's one escalation: recorded before it is posted, done once it is (or was found) in Slack.</summary>
public sealed class EscalationState
{
    /// <summary>Who or where: U…/W… (a user), S… (a user group), C…/G… (a channel).</summary>
    public string Target { get; init; } = string.Empty;
    public DateTimeOffset At { get; init; }
    public string? Ts { get; init; }
    public bool Done { get; init; }
}
