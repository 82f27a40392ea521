using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Slack;

/// <summary>How orders read in Slack: money, customer, items, links. Results are mrkdwn-safe unless named Raw.</summary>
public static class OrderFormat
{
    public const string GuestCustomer = "Guest";

    /// <summary>"USD 1,250.00": grouping and two decimals with the invariant culture, whatever the machine's culture. Escaped.</summary>
    public static string Money(decimal amount, string? currency) => SlackText.EscapeMrkdwn(RawMoney(amount, currency));

    /// <summary>Like <see cref="Money"/>, unescaped (for plain_text and metadata).</summary>
    public static string RawMoney(decimal amount, string? currency)
    {
        var number = amount.ToString("N2", CultureInfo.InvariantCulture);
        return string.IsNullOrWhiteSpace(currency) ? number : currency!.Trim() + " " + number;
    }

    /// <summary>The customer's name, escaped; "Guest" for an order without a customer.</summary>
    public static string Customer(ShopifyOrder order) =>
        string.IsNullOrWhiteSpace(order.CustomerName) ? GuestCustomer : SlackText.EscapeMrkdwn(order.CustomerName!.Trim());

    /// <summary>The number of line items, counting those not read (LineItemCount) when it says more.</summary>
    public static int ItemCount(ShopifyOrder order) => Math.Max(order.LineItemCount, order.LineItems?.Count ?? 0);

    /// <summary>"• 5× Premium Widget" lines for the first <paramref name="max"/> items, then "…and N more". Escaped unless told.</summary>
    public static string ItemLines(ShopifyOrder order, int max, bool escape = true)
    {
        var items = order.LineItems ?? Array.Empty<ShopifyLineItem>();
        var lines = items.Take(Math.Max(0, max)).Select(i => $"• {i.Quantity}×" +
            $" {(escape ? SlackText.EscapeMrkdwn(i.Name) : i.Name)}").ToList();
        var more = ItemCount(order) - lines.Count;
        if (more > 0) lines.Add($"{SlackText.Ellipsis}and {more} more");
        return string.Join("\n", lines);
    }

    /// <summary>
    /// A Slack date token that each reader sees in their own time zone, with a UTC fallback for clients that
    /// cannot render it (notifications, screen readers).
    /// </summary>
    public static string Placed(DateTimeOffset createdAt)
    {
        var unix = createdAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"<!date^{unix}^{{date_short_pretty}} at {{time}}|{RawUtc(createdAt)}>";
    }

    public static string RawUtc(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'",
        CultureInfo.InvariantCulture);

    /// <summary>The order's admin page: its AdminUrl, else one made from the store domain; null when neither is known.</summary>
    public static string? AdminUrl(ShopifyOrder order, string? storeDomain)
    {
        if (!string.IsNullOrWhiteSpace(order.AdminUrl)) return order.AdminUrl!.Trim();
        var store = StoreHandle(storeDomain);
        var number = order.NumericId;
        if (store == null || string.IsNullOrEmpty(number) || !number.All(char.IsDigit)) return null;
        return $"https://admin.shopify.com/store/{Uri.EscapeDataString(store)}/orders/{number}";
    }

    /// <summary>"my-store" from "my-store", "my-store.myshopify.com" or "https://my-store.myshopify.com/".</summary>
    public static string? StoreHandle(string? storeDomain)
    {
        if (string.IsNullOrWhiteSpace(storeDomain)) return null;
        var text = storeDomain!.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) text = text.Substring(scheme + 3);
        text = text.TrimEnd('/');
        const string suffix = ".myshopify.com";
        if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) text = text.Substring(0, text.Length - suffix.Length);
        return text.Length == 0 || text.Contains("/") ? null : text;
    }

    /// <summary>"PARTIALLY_REFUNDED" → "Partially refunded".</summary>
    public static string? Status(string? status)
    {
        if (string.IsNullOrWhiteSpace(status)) return null;
        var words = status!.Trim().Replace('_', ' ').ToLowerInvariant();
        return SlackText.EscapeMrkdwn(char.ToUpperInvariant(words[0]) + words.Substring(1));
    }

    /// <summary>A mrkdwn link whose label is escaped; the plain label when there is no url.</summary>
    public static string Link(string? url, string label)
    {
        var safeLabel = SlackText.EscapeMrkdwn(label).Replace("|", "¦");
        return string.IsNullOrEmpty(url) ? safeLabel : $"<{SlackText.EscapeMrkdwn(url)}|{safeLabel}>";
    }

    /// <summary>Totals per currency, "USD 10,000.00 · EUR 2,000.00", in order of first appearance.</summary>
    public static string Totals(IEnumerable<ShopifyOrder> orders)
    {
        var sums = new List<KeyValuePair<string, decimal>>();
        foreach (var order in orders)
        {
            var index = sums.FindIndex(p => p.Key == order.Currency);
            if (index < 0) sums.Add(new KeyValuePair<string, decimal>(order.Currency, order.Total));
            else sums[index] = new KeyValuePair<string, decimal>(order.Currency, sums[index].Value + order.Total);
        }
        return string.Join(" · ", sums.Select(p => Money(p.Value, p.Key)));
    }
}
