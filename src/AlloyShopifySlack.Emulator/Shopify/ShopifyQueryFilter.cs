using System.Globalization;
using System.Text;

namespace AlloyShopifySlack.Emulator.Shopify;

/// <summary>
/// The subset of Shopify's search syntax that order queries use: whitespace-separated terms (AND implied; AND, OR,
/// NOT and a leading '-' understood), comparators : :&lt; :&gt; :&lt;= :&gt;=, single- or double-quoted values.
/// Unknown fields and unparsable values are ignored with a warning, as Shopify does.
/// </summary>
public sealed class ShopifyQueryFilter
{
    private sealed record Term(string? Field, string Comparator, string Value, bool Quoted, bool Negated);

    private readonly List<List<Term>> _clauses = new(); // OR of ANDs
    private readonly bool _ignoreUnquotedDates;

    public List<string> Warnings { get; } = new();

    public ShopifyQueryFilter(string? query, bool ignoreUnquotedDates = false)
    {
        _ignoreUnquotedDates = ignoreUnquotedDates;
        var current = new List<Term>();
        _clauses.Add(current);
        var negateNext = false;
        foreach (var token in Tokenize(query ?? string.Empty))
        {
            if (token == "AND") continue;
            if (token == "OR") { current = new List<Term>(); _clauses.Add(current); continue; }
            if (token == "NOT") { negateNext = true; continue; }
            var text = token;
            var negated = negateNext;
            negateNext = false;
            if (text.StartsWith('-') && text.Length > 1) { negated = !negated; text = text[1..]; }
            current.Add(ParseTerm(text, negated));
        }
    }

    public bool Matches(EmulatedOrder order) => _clauses.Any(clause => clause.All(term => Matches(order, term)));

    private static IEnumerable<string> Tokenize(string query)
    {
        var token = new StringBuilder();
        char? quote = null;
        foreach (var ch in query)
        {
            if (quote.HasValue)
            {
                token.Append(ch);
                if (ch == quote) quote = null;
            }
            else if (ch is '\'' or '"') { quote = ch; token.Append(ch); }
            else if (char.IsWhiteSpace(ch) || ch is '(' or ')')
            {
                if (token.Length > 0) { yield return token.ToString(); token.Clear(); }
            }
            else token.Append(ch);
        }
        if (token.Length > 0) yield return token.ToString();
    }

    private static Term ParseTerm(string text, bool negated)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0) return new Term(null, ":", Unquote(text, out var q0), q0, negated);
        var field = text[..colon].ToLowerInvariant();
        var rest = text[(colon + 1)..];
        var comparator = ":";
        foreach (var op in new[] { "<=", ">=", "<", ">" })
        {
            if (rest.StartsWith(op, StringComparison.Ordinal)) { comparator = ":" + op; rest = rest[op.Length..]; break; }
        }
        var value = Unquote(rest, out var quoted);
        return new Term(field, comparator, value, quoted, negated);
    }

    private static string Unquote(string value, out bool quoted)
    {
        quoted = value.Length >= 2 && (value[0] is '\'' or '"') && value[^1] == value[0];
        return quoted ? value[1..^1] : value;
    }

    private bool Matches(EmulatedOrder order, Term term)
    {
        var result = Evaluate(order, term);
        if (result == null) return true; // ignored term
        return term.Negated ? !result.Value : result.Value;
    }

    private bool? Evaluate(EmulatedOrder order, Term term)
    {
        switch (term.Field)
        {
            case null:
                return Contains(order.Name, term.Value) || Contains(order.Customer?.DisplayName, term.Value) || Contains(order.Customer?.Email, term.Value);
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
                var gid = term.Value.StartsWith("gid://", StringComparison.Ordinal) ? term.Value[(term.Value.LastIndexOf('/') + 1)..] : term.Value;
                return long.TryParse(gid, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? Compare(order.LegacyId.CompareTo(id), term.Comparator) : Warn(term, "Invalid id");
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
        Warnings.Add($"{term.Field}: {message}");
        return null;
    }

    private bool? ParseBool(Term term) =>
        bool.TryParse(term.Value, out var value) ? value : Warn(term, "Invalid boolean");

    private bool? CompareDate(DateTimeOffset actual, Term term)
    {
        if (!term.Quoted && _ignoreUnquotedDates && term.Value.Contains('-')) return Warn(term, "Date values must be quoted");
        if (string.Equals(term.Value, "now", StringComparison.OrdinalIgnoreCase)) return null; // needs the clock; rarely used
        var dayOnly = term.Value.Length == 10;
        if (!DateTimeOffset.TryParse(term.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var bound))
            return Warn(term, "Invalid date");
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
