namespace AlloyShopifySlack.Emulator.Shopify;

/// <summary>
/// Orders changed after they were placed, as a merchant does in the Shopify admin: cancelled (refunding the payment
/// by default, as the admin offers), refunded in full or in part, edited to a new total, fulfilled. Each change
/// moves the order's updatedAt to the emulator's now, so that an <c>updated_at:&gt;=</c> search with sortKey
/// UPDATED_AT finds it.
/// </summary>
public sealed partial class ShopifyStore
{
    /// <summary>An order by name ("#1001"), number ("1001"), gid or legacy id; null when there is none.</summary>
    public EmulatedOrder? Resolve(string reference)
    {
        var text = (reference ?? string.Empty).Trim();
        if (text.StartsWith("gid://", StringComparison.Ordinal)) return FindById(text);
        if (!long.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return null;
        lock (_gate) return _byNumber.GetValueOrDefault(number) ?? _byCreated.FirstOrDefault(o => o.LegacyId == number);
    }

    /// <summary>Cancels; with <paramref name="refund"/> a paid order is refunded in full and an unpaid one voided.</summary>
    public EmulatedOrder Cancel(string reference, bool refund = true) => Replace(reference, (order, now) =>
    {
        if (order.CancelledAt != null) throw new InvalidOperationException($"Order {order.Name} is cancelled already.");
        if (!refund) return order.Changed(now, cancelledAt: now);
        var paid = order.FinancialStatus is "PAID" or "PARTIALLY_PAID" or "PARTIALLY_REFUNDED";
        return paid
            ? order.Changed(now, cancelledAt: now, financialStatus: "REFUNDED", totalRefunded: order.Total)
            : order.Changed(now, cancelledAt: now, financialStatus: order.FinancialStatus == "REFUNDED" ? "REFUNDED" : "VOIDED");
    });

    /// <summary>Refunds <paramref name="amount"/> (shop money; null: all that is left).</summary>
    public EmulatedOrder Refund(string reference, decimal? amount = null) => Replace(reference, (order, now) =>
    {
        var left = order.Total - order.TotalRefunded;
        var refund = amount ?? left;
        if (refund <= 0 || refund > left)
            throw new InvalidOperationException($"Order {order.Name} has {EmulatedOrder.Money(left)} {order.Currency} left to " +
                $"refund; {EmulatedOrder.Money(refund)} cannot be refunded.");
        var refunded = order.TotalRefunded + refund;
        return order.Changed(now, financialStatus: refunded >= order.Total ? "REFUNDED" : "PARTIALLY_REFUNDED", totalRefunded: refunded);
    });

    /// <summary>An order edit: the total becomes <paramref name="total"/> (one line item of that price).</summary>
    public EmulatedOrder Edit(string reference, decimal total) => Replace(reference, (order, now) =>
    {
        if (total <= 0) throw new InvalidOperationException($"An edited order needs a total above zero " +
            $"({EmulatedOrder.Money(total)} given).");
        var name = order.LineItems.Count > 0 ? order.LineItems[0].Name : "Item";
        return order.Changed(now, total: total, lineItems: new[] { new EmulatedLineItem(name + " (edited)", 1, total) });
    });

    public EmulatedOrder Fulfill(string reference) => Replace(reference, (order, now) =>
    {
        if (order.FulfillmentStatus == "FULFILLED") throw new InvalidOperationException($"Order {order.Name} is fulfilled already.");
        return order.Changed(now, fulfillmentStatus: "FULFILLED");
    });

    /// <summary>One of the changes above by kind (<paramref name="amount"/>: the refund, or the edited total).</summary>
    public EmulatedOrder Change(string reference, OrderChangeKind kind, decimal? amount = null, bool refund = true) => kind switch
    {
        OrderChangeKind.Cancel => Cancel(reference, refund),
        OrderChangeKind.Refund => Refund(reference, amount),
        OrderChangeKind.Edit => Edit(reference, amount ?? throw new InvalidOperationException("An edit needs the new total.")),
        _ => Fulfill(reference),
    };

    /// <summary>Swaps the order for its changed copy under the store's lock (created time and number unchanged, so its place
    /// too).</summary>
    private EmulatedOrder Replace(string reference, Func<EmulatedOrder, DateTimeOffset, EmulatedOrder> change)
    {
        lock (_gate)
        {
            var order = Resolve(reference) ?? throw new KeyNotFoundException($"The store has no order '{reference}'.");
            var now = _clock.UtcNow > order.UpdatedAt ? _clock.UtcNow : order.UpdatedAt;
            var changed = change(order, now);
            var index = _byCreated.BinarySearch(order, ByCreated);
            _byCreated[index] = changed;
            _byNumber[order.Number] = changed;
            return changed;
        }
    }
}
