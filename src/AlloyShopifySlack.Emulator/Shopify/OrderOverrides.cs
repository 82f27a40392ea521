namespace AlloyShopifySlack.Emulator.Shopify;

/// <summary>What a test fixes about a generated order; everything left null keeps the generated value.</summary>
public sealed record OrderOverrides
{
    /// <summary>
    /// Shop-money total; the line items become one item of that price (presentment money follows unless set), and
    /// the order is a plain paid, unfulfilled one (not test, not cancelled) unless <see cref="Test"/>/<see cref="Cancelled"/> say so.
    /// </summary>
    public decimal? Total { get; init; }
    public string? CustomerName { get; init; }
    public string? CustomerEmail { get; init; }
    /// <summary>A guest order: no customer.</summary>
    public bool Guest { get; init; }
    public bool? Test { get; init; }
    public bool? Cancelled { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public string? PresentmentCurrency { get; init; }
    public decimal? PresentmentTotal { get; init; }
    public IReadOnlyList<EmulatedLineItem>? LineItems { get; init; }
    public string? FinancialStatus { get; init; }

    public EmulatedOrder Apply(EmulatedOrder order)
    {
        var items = LineItems ?? (Total.HasValue ? new[] { new EmulatedLineItem(order.LineItems[0].Name, 1, Total.Value) }
            : order.LineItems);
        var total = LineItems != null ? LineItems.Sum(i => i.UnitPrice * i.Quantity) : Total ?? order.Total;
        var totalChanged = total != order.Total;
        var plain = Total.HasValue || LineItems != null; // a test that fixes the amount means an ordinary order
        var cancelled = Cancelled ?? (!plain && order.CancelledAt != null);
        var customer = Guest ? null
            : CustomerName != null || CustomerEmail != null
                ? new EmulatedCustomer(CustomerName ?? order.Customer?.DisplayName ?? "Guest Customer",
                    CustomerEmail ?? order.Customer?.Email ?? $"customer{order.Number}@example.com")
                : order.Customer;
        return new EmulatedOrder
        {
            Number = order.Number,
            LegacyId = order.LegacyId,
            CreatedAt = order.CreatedAt,
            ProcessedAt = order.ProcessedAt,
            UpdatedAt = order.UpdatedAt,
            Total = total,
            Currency = order.Currency,
            PresentmentCurrency = PresentmentCurrency ?? (totalChanged ? order.Currency : order.PresentmentCurrency),
            PresentmentTotal = PresentmentTotal ?? (totalChanged && PresentmentCurrency == null ? total : order.PresentmentTotal),
            Customer = customer,
            LineItems = items,
            Tags = Tags?.ToList() ?? order.Tags,
            Test = Test ?? (!plain && order.Test),
            CancelledAt = cancelled ? order.CancelledAt ?? order.CreatedAt.AddMinutes(30) : null,
            Closed = cancelled,
            FinancialStatus = FinancialStatus ?? (cancelled ? "VOIDED" : plain ? "PAID" : order.FinancialStatus),
            FulfillmentStatus = plain ? "UNFULFILLED" : order.FulfillmentStatus,
        };
    }
}
