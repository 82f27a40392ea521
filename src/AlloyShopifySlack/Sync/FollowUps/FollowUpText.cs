using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync.FollowUps;

/// <summary>
/// The words of a follow-up: the status line an alert shows at its top (the order's state now, against what was
/// alerted) and the reply that says what changed since the alert last showed it. All text is mrkdwn, escaped.
/// </summary>
internal static class FollowUpText
{
    /// <summary>
    /// "🚫 Cancelled: do not ship", "↩️ Refunded USD 120.00", "✏️ Edited: total now USD 650.00 (was USD 600.00)",
    /// "⬇️ No longer above USD 500.00: total now USD 450.00", "📦 Fulfilled", joined by " · "; null when the order
    /// is as it was alerted (or only its tags changed).
    /// </summary>
    public static string? Status(OrderSnapshot now, decimal alertedTotal, decimal threshold, string currency)
    {
        var parts = new List<string>();
        if (now.IsCancelled) parts.Add("🚫 Cancelled: do not ship");
        if (now.FinancialStatus == "REFUNDED") parts.Add("↩️ Refunded " + Money(now.TotalRefunded ?? now.Total, currency));
        else if (now.FinancialStatus == "PARTIALLY_REFUNDED") parts.Add("↩️ Partly refunded: " + Money(now.TotalRefunded ?? 0m, currency));
        else if (now.FinancialStatus == "VOIDED") parts.Add(now.IsCancelled ? "payment voided" : "🚫 Payment voided: do not ship");
        if (now.Total != alertedTotal)
        {
            parts.Add(now.Total < threshold
                ? $"⬇️ No longer above {Money(threshold, currency)}: total now {Money(now.Total, currency)}"
                : $"✏️ Edited: total now {Money(now.Total, currency)} (was {Money(alertedTotal, currency)})");
        }
        if (now.FulfillmentStatus == "FULFILLED") parts.Add("📦 Fulfilled");
        else if (now.FulfillmentStatus == "PARTIALLY_FULFILLED") parts.Add("📦 Partly fulfilled");
        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }

    /// <summary>What changed from <paramref name="before"/> to <paramref name="after"/>: "cancelled; refunded USD 600.00".</summary>
    public static string Changes(OrderSnapshot before, OrderSnapshot after, decimal threshold, string currency)
    {
        var changes = new List<string>();
        if (after.IsCancelled && !before.IsCancelled) changes.Add("*cancelled*: do not ship");
        if (!after.IsCancelled && before.IsCancelled) changes.Add("no longer cancelled");
        if (after.FinancialStatus != before.FinancialStatus || (after.TotalRefunded ?? 0) != (before.TotalRefunded ?? 0))
            changes.Add(Payment(before, after, currency));
        if (after.Total != before.Total)
        {
            var crossed = after.Total < threshold && before.Total >= threshold ? $" (no longer above {Money(threshold, currency)})"
                : after.Total >= threshold && before.Total < threshold ? $" (above {Money(threshold, currency)} again)" : string.Empty;
            changes.Add($"total edited from {Money(before.Total, currency)} to *{Money(after.Total, currency)}*{crossed}");
        }
        if (after.FulfillmentStatus != before.FulfillmentStatus) changes.Add(Fulfilment(after.FulfillmentStatus));
        var added = after.TagList.Except(before.TagList, System.StringComparer.OrdinalIgnoreCase).ToList();
        var removed = before.TagList.Except(after.TagList, System.StringComparer.OrdinalIgnoreCase).ToList();
        if (added.Count > 0) changes.Add("tagged " + string.Join(", ", added.Select(SlackText.EscapeMrkdwn)));
        if (removed.Count > 0) changes.Add("tag removed: " + string.Join(", ", removed.Select(SlackText.EscapeMrkdwn)));
        return changes.Count == 0 ? "updated in Shopify" : string.Join("; ", changes);
    }

    private static string Payment(OrderSnapshot before, OrderSnapshot after, string currency) => after.FinancialStatus switch
    {
        "REFUNDED" => "*refunded* " + Money(after.TotalRefunded ?? after.Total, currency),
        "PARTIALLY_REFUNDED" => $"*partly refunded*: {Money(after.TotalRefunded ?? 0m, currency)} so far",
        "VOIDED" => "payment *voided*",
        null => "payment status no longer shown",
        _ => "payment now " + (OrderFormat.Status(after.FinancialStatus) ?? SlackText.EscapeMrkdwn(after.FinancialStatus)),
    };

    private static string Fulfilment(string? status) => status switch
    {
        "FULFILLED" => "*fulfilled*",
        "PARTIALLY_FULFILLED" => "partly fulfilled",
        "UNFULFILLED" => "no longer fulfilled",
        null => "fulfilment no longer shown",
        _ => "fulfilment now " + SlackText.EscapeMrkdwn(status.Replace('_', ' ').ToLowerInvariant()),
    };

    private static string Money(decimal amount, string currency) => OrderFormat.Money(amount, currency);
}
