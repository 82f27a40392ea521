namespace AlloyShopifySlack.Emulator.Shopify;

/// <summary>How a parsed query matches an order: each field as Shopify reads it; what cannot be understood constrains nothing.</summary>
public sealed partial class ShopifyQueryFilter
{
    /// <summary>Null when nothing in the node could be understood (it then constrains nothing).</summary>
    private bool? Evaluate(EmulatedOrder order, Node node)
    {
        switch (node)
        {
            case TermNode t:
                var result = Evaluate(order, t.Term);
                return result.HasValue && t.Term.Negated ? !result.Value : result;
            case NotNode n:
                return !Evaluate(order, n.Inner);
            case AndNode a:
                bool? all = null;
                foreach (var part in a.Parts)
                {
                    var value = Evaluate(order, part);
                    if (value == false) return false;
                    if (value == true) all = true;
                }
                return all;
            case OrNode o:
                bool? any = null;
                foreach (var part in o.Parts)
                {
                    var value = Evaluate(order, part);
                    if (value == true) return true;
                    if (value == false) any = false;
                }
                return any;
            default:
                return null;
        }
    }

    private bool? Evaluate(EmulatedOrder order, Term term)
    {
        switch (term.Field)
        {
            case null:
                return Contains(order.Name, term.Value) || Contains(order.Customer?.DisplayName, term.Value)
                    || Contains(order.Customer?.Email, term.Value);
            case "created_at": return CompareDate(order.CreatedAt, term);
            case "processed_at": return CompareDate(order.ProcessedAt, term);
            case "updated_at": return CompareDate(order.UpdatedAt, term);
            case "test": return ParseBool(term) is { } test ? order.Test == test : null;
            case "status":
                return term.Value.ToLowerInvariant() switch
                {
                    "open" => !order.Closed && order.CancelledAt == null,
                    "closed" => order.Closed,
                    "cancelled" => order.CancelledAt != null,
                    "not_closed" => !order.Closed,
                    "any" => true,
                    _ => Warn(term, "Invalid status value"),
                };
            case "financial_status": return string.Equals(order.FinancialStatus, term.Value, StringComparison.OrdinalIgnoreCase);
            case "fulfillment_status":
                return term.Value.ToLowerInvariant() switch
                {
                    "shipped" or "fulfilled" => order.FulfillmentStatus == "FULFILLED",
                    "unshipped" or "unfulfilled" => order.FulfillmentStatus != "FULFILLED",
                    _ => string.Equals(order.FulfillmentStatus, term.Value, StringComparison.OrdinalIgnoreCase),
                };
            case "tag": return order.Tags.Any(t => string.Equals(t, term.Value, StringComparison.OrdinalIgnoreCase));
            case "tag_not": return !order.Tags.Any(t => string.Equals(t, term.Value, StringComparison.OrdinalIgnoreCase));
            case "name": return string.Equals(order.Name.TrimStart('#'), term.Value.TrimStart('#'), StringComparison.OrdinalIgnoreCase);
            case "email": return string.Equals(order.Customer?.Email, term.Value, StringComparison.OrdinalIgnoreCase);
            case "id":
                var gid = term.Value.StartsWith("gid://", StringComparison.Ordinal)
                    ? term.Value[(term.Value.LastIndexOf('/') + 1)..] : term.Value;
                return long.TryParse(gid, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                    ? Compare(order.LegacyId.CompareTo(id), term.Comparator) : Warn(term, "Invalid id");
            case "total_price":
            case "current_total_price":
                return decimal.TryParse(term.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var price)
                    ? Compare(order.Total.CompareTo(price), term.Comparator) : Warn(term, "Invalid price");
            default:
                return Warn(term, $"Invalid search field for this query.");
        }
    }

    private bool? Warn(Term term, string message)
    {
        var warning = $"{term.Field}: {message}";
        if (!Warnings.Contains(warning)) Warnings.Add(warning); // once per query, not once per order
        return null;
    }

    private bool? ParseBool(Term term) =>
        bool.TryParse(term.Value, out var value) ? value : Warn(term, "Invalid boolean");

    private bool? CompareDate(DateTimeOffset actual, Term term)
    {
        if (!term.Quoted && _ignoreUnquotedDates && term.Value.Contains('-')) return Warn(term, "Date values must be quoted");
        if (string.Equals(term.Value, "now", StringComparison.OrdinalIgnoreCase)) return null; // needs the clock; rarely used
        var dayOnly = term.Value.Length == 10;
        if (term.Date is not { } bound) return Warn(term, "Invalid date");
        if (term.Comparator == ":" && dayOnly) return actual.UtcDateTime.Date == bound.UtcDateTime.Date;
        return Compare(actual.CompareTo(bound), term.Comparator);
    }

    private static bool Compare(int sign, string comparator) => comparator switch
    {
        ":<" => sign < 0,
        ":<=" => sign <= 0,
        ":>" => sign > 0,
        ":>=" => sign >= 0,
        _ => sign == 0,
    };

    private static bool Contains(string? haystack, string needle) =>
        haystack != null && haystack.Contains(needle, StringComparison.OrdinalIgnoreCase);
}
