namespace AlloyShopifySlack.Emulator.Shopify;

/// <summary>What can happen to an order after it was placed; each change is a new copy with a new updatedAt.</summary>
public sealed partial class EmulatedOrder
{
    /// <summary>A copy with the given fields changed (null keeps the value) and <paramref name="updatedAt"/> as its updatedAt.</summary>
    internal EmulatedOrder Changed(DateTimeOffset updatedAt, decimal? total = null, IReadOnlyList<EmulatedLineItem>? lineItems = null,
        DateTimeOffset? cancelledAt = null, string? financialStatus = null, string? fulfillmentStatus = null,
            decimal? totalRefunded = null) => new()
    {
        Number = Number,
        LegacyId = LegacyId,
        CreatedAt = CreatedAt,
        ProcessedAt = ProcessedAt,
        UpdatedAt = updatedAt,
        Total = total ?? Total,
        Currency = Currency,
        // An edit is charged in the shop's money; what the customer paid in theirs is then the same amount.
        PresentmentTotal = total ?? PresentmentTotal,
        PresentmentCurrency = total.HasValue ? Currency : PresentmentCurrency,
        Customer = Customer,
        LineItems = lineItems ?? LineItems,
        Tags = Tags.ToList(),
        Test = Test,
        CancelledAt = cancelledAt ?? CancelledAt,
        Closed = Closed || cancelledAt.HasValue,
        FinancialStatus = financialStatus ?? FinancialStatus,
        FulfillmentStatus = fulfillmentStatus ?? FulfillmentStatus,
        TotalRefunded = totalRefunded ?? TotalRefunded,
    };
}

/// <summary>Which change <see cref="ShopifyStore.Change"/> makes (the admin endpoint's last path segment).</summary>
public enum OrderChangeKind { Cancel, Refund, Edit, Fulfill }
