using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Shopify;

/// <summary>
/// Turns one GraphQL order node into a <see cref="ShopifyOrder"/>. Tolerant of what may be absent (customer on
/// guest orders, presentment money, line items, tags); strict about what an order cannot do without (id, creation
/// time, a total that is a number), because a silently wrong total could hide a high-value order.
/// </summary>
public static class ShopifyOrderParser
{
    public static ShopifyOrder Parse(JsonElement node, string? storeDomain)
    {
        if (node.ValueKind != JsonValueKind.Object)
            throw new UnusableOrderException($"Shopify returned an order that is not an object ({node.ValueKind}); it was " +
                "skipped.", null, null);

        var id = JsonRead.String(node, "id");
        var name = JsonRead.String(node, "name");
        if (string.IsNullOrWhiteSpace(id))
            throw new UnusableOrderException($"Shopify returned an order without an id{Named(name)}; it was skipped.", null, name);

        var createdAt = JsonRead.Date(node, "createdAt")
            ?? throw new UnusableOrderException($"Shopify returned order {id}{Named(name)} without a valid createdAt; it was " +
                "skipped.", id, name);

        var order = new ShopifyOrder
        {
            Id = id!,
            Name = name ?? string.Empty,
            CreatedAt = createdAt,
            Test = JsonRead.Bool(node, "test") ?? false,
            CancelledAt = JsonRead.Date(node, "cancelledAt"),
            FinancialStatus = JsonRead.String(node, "displayFinancialStatus") ?? JsonRead.String(node, "financialStatus"),
            UpdatedAt = JsonRead.Date(node, "updatedAt"),
            FulfillmentStatus = JsonRead.String(node, "displayFulfillmentStatus"),
            Tags = ReadTags(node),
        };

        var totals = JsonRead.Property(node, "totalPriceSet") ?? JsonRead.Property(node, "currentTotalPriceSet");
        var shopMoney = totals == null ? null : JsonRead.Property(totals.Value, "shopMoney");
        if (shopMoney != null)
        {
            order.Total = Amount(shopMoney.Value, order, "total") ?? 0m;
            order.Currency = JsonRead.String(shopMoney.Value, "currencyCode") ?? string.Empty;
        }
        var presentment = totals == null ? null : JsonRead.Property(totals.Value, "presentmentMoney");
        if (presentment != null)
        {
            order.PresentmentTotal = TryAmount(presentment.Value);
            order.PresentmentCurrency = JsonRead.String(presentment.Value, "currencyCode");
        }

        var refunded = JsonRead.Path(node, "totalRefundedSet", "shopMoney");
        if (refunded != null) order.TotalRefunded = TryAmount(refunded.Value);

        ReadCustomer(node, order);
        order.LineItems = ReadLineItems(node, order);
        order.LineItemCount = order.LineItems.Count;

        var store = StoreDomain.Normalize(storeDomain);
        if (store != null) order.AdminUrl = StoreDomain.AdminOrderUrl(store, order.NumericId);
        return order;
    }

    private static string Named(string? name) => string.IsNullOrEmpty(name) ? string.Empty : $" (name {name})";

    private const NumberStyles AmountStyles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>
    /// The shop-money total: Shopify serializes Decimal as a string ("1250.00"), parsed with the invariant culture
    /// whatever the thread's culture; a number is accepted too. Not a number: the order is unusable.
    /// </summary>
    private static decimal? Amount(JsonElement money, ShopifyOrder order, string what)
    {
        if (!money.TryGetProperty("amount", out var amount) || amount.ValueKind == JsonValueKind.Null) return null;
        var value = TryAmount(money);
        if (value.HasValue) return value;
        throw new UnusableOrderException(
            $"Shopify returned order {order.Id}{Named(order.Name)} with a {what} that is not a number ({Excerpt(amount)}); it was skipped.",
            order.Id, order.Name);
    }

    /// <summary>Amounts that are shown but decide nothing (presentment money, unit prices): null when unreadable.</summary>
    private static decimal? TryAmount(JsonElement money)
    {
        if (!money.TryGetProperty("amount", out var amount)) return null;
        if (amount.ValueKind == JsonValueKind.Number && amount.TryGetDecimal(out var number)) return number;
        if (amount.ValueKind == JsonValueKind.String && decimal.TryParse(amount.GetString(), AmountStyles, CultureInfo.InvariantCulture,
            out var parsed))
            return parsed;
        return null;
    }

    private static string Excerpt(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 40 ? text : text.Substring(0, 40) + "…";
    }

    private static void ReadCustomer(JsonElement node, ShopifyOrder order)
    {
        var customer = JsonRead.Property(node, "customer");
        if (customer == null || customer.Value.ValueKind != JsonValueKind.Object) return;
        var c = customer.Value;
        var display = JsonRead.String(c, "displayName");
        if (string.IsNullOrWhiteSpace(display))
        {
            var parts = new[] { JsonRead.String(c, "firstName"), JsonRead.String(c, "lastName") }.Where(p => !string.IsNullOrWhiteSpace(p));
            display = string.Join(" ", parts);
        }
        order.CustomerName = string.IsNullOrWhiteSpace(display) ? null : display;
        // Customer.email is deprecated from 2025-04 in favour of defaultEmailAddress { emailAddress }.
        order.CustomerEmail = JsonRead.String(c, "email")
            ?? (JsonRead.Property(c, "defaultEmailAddress") is { } address ? JsonRead.String(address, "emailAddress") : null);
    }

    private static IReadOnlyList<string> ReadTags(JsonElement node)
    {
        if (!node.TryGetProperty("tags", out var tags)) return Array.Empty<string>();
        if (tags.ValueKind == JsonValueKind.Array)
            return tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList();
        if (tags.ValueKind == JsonValueKind.String)
            return tags.GetString()!.Split(',').Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
        return Array.Empty<string>();
    }

    private static IReadOnlyList<ShopifyLineItem> ReadLineItems(JsonElement node, ShopifyOrder order)
    {
        var connection = JsonRead.Property(node, "lineItems");
        if (connection == null) return Array.Empty<ShopifyLineItem>();
        IEnumerable<JsonElement> items = connection.Value.ValueKind == JsonValueKind.Array
            ? connection.Value.EnumerateArray()
            : JsonRead.Property(connection.Value, "edges") is { } edges
                ? JsonRead.Array(edges).Select(e => JsonRead.Property(e, "node") ?? default)
                : JsonRead.Array(JsonRead.Property(connection.Value, "nodes"));

        var list = new List<ShopifyLineItem>();
        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            var price = JsonRead.Path(item, "originalUnitPriceSet", "shopMoney");
            list.Add(new ShopifyLineItem
            {
                Name = JsonRead.String(item, "name") ?? JsonRead.String(item, "title") ?? string.Empty,
                Quantity = item.TryGetProperty("quantity", out var q) && q.ValueKind == JsonValueKind.Number
                    && q.TryGetInt32(out var n) ? n : 0,
                UnitPrice = price == null ? null : TryAmount(price.Value),
            });
        }
        return list;
    }
}
