namespace AlloyShopifySlack.Emulator.Shopify;

/// <summary>
/// The subset of Shopify's search syntax that order queries use: whitespace-separated terms (AND implied; AND, OR,
/// NOT, a leading '-' and parentheses understood; OR binds looser than AND), comparators : :&lt; :&gt; :&lt;= :&gt;=, single- or
/// double-quoted values.
/// Unknown fields and unparsable values are ignored with a warning, as Shopify does. This file parses; the matching
/// is in ShopifyQueryFilter.Match.cs.
/// </summary>
public sealed partial class ShopifyQueryFilter
{
    private sealed record Term(string? Field, string Comparator, string Value, bool Quoted, bool Negated)
    {
        /// <summary>Parsed once per query for date fields (not once per order).</summary>
        public DateTimeOffset? Date { get; init; }
    }

    private static readonly string[] DateFields = { "created_at", "processed_at", "updated_at" };

    // The parsed query: a tree of AND, OR, NOT and terms. OR binds looser than AND (implied by whitespace).
    private abstract record Node;
    private sealed record TermNode(Term Term) : Node;
    private sealed record AndNode(List<Node> Parts) : Node;
    private sealed record OrNode(List<Node> Parts) : Node;
    private sealed record NotNode(Node Inner) : Node;

    private readonly Node? _root;
    private readonly bool _ignoreUnquotedDates;
    private readonly List<string> _tokens;
    private int _position;

    public List<string> Warnings { get; } = new();

    public ShopifyQueryFilter(string? query, bool ignoreUnquotedDates = false)
    {
        _ignoreUnquotedDates = ignoreUnquotedDates;
        _tokens = Tokenize(query ?? string.Empty).ToList();
        if (_tokens.Count > 0) _root = ParseOr();
        if (_position < _tokens.Count) Warnings.Add($"Unexpected '{_tokens[_position]}' in the query; the rest was ignored.");
    }

    /// <summary>
    /// The latest created_at:&gt;= or :&gt; bound that every match must meet (a top-level AND term), so that a page
    /// can start with a binary search instead of a scan from the oldest order.
    /// </summary>
    public DateTimeOffset? CreatedAtLowerBound
    {
        get
        {
            var terms = _root switch
            {
                TermNode t => new[] { t.Term },
                AndNode a => a.Parts.OfType<TermNode>().Select(t => t.Term).ToArray(),
                _ => Array.Empty<Term>(),
            };
            return terms
                .Where(t => t.Field == "created_at" && !t.Negated && t.Comparator is ":>=" or ":>" && t.Date.HasValue
                    && (t.Quoted || !_ignoreUnquotedDates))
                .Select(t => t.Date).Max();
        }
    }

    /// <summary>True when the order matches; terms that could not be understood are ignored, as Shopify does.</summary>
    public bool Matches(EmulatedOrder order) => _root == null || Evaluate(order, _root) != false;

    private string? Peek => _position < _tokens.Count ? _tokens[_position] : null;

    private Node ParseOr()
    {
        var parts = new List<Node> { ParseAnd() };
        while (Peek == "OR") { _position++; parts.Add(ParseAnd()); }
        return parts.Count == 1 ? parts[0] : new OrNode(parts);
    }

    private Node ParseAnd()
    {
        var parts = new List<Node>();
        while (Peek is { } token && token != "OR" && token != ")")
        {
            if (token == "AND") { _position++; continue; }
            parts.Add(ParseUnary());
        }
        return parts.Count == 1 ? parts[0] : new AndNode(parts);
    }

    private Node ParseUnary()
    {
        var token = _tokens[_position++];
        if (token == "NOT" || token == "-") return Peek == null ? new AndNode(new List<Node>()) : new NotNode(ParseUnary());
        if (token == "(")
        {
            var inner = ParseOr();
            if (Peek == ")") _position++;
            else Warnings.Add("Missing ')' in the query.");
            return inner;
        }
        var negated = token.StartsWith('-') && token.Length > 1;
        return new TermNode(ParseTerm(negated ? token[1..] : token, negated));
    }

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
                if (ch is '(' or ')') yield return ch.ToString();
            }
            else if (ch == '-' && token.Length == 0) yield return "-";
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
        DateTimeOffset? date = DateFields.Contains(field)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed : null;
        return new Term(field, comparator, value, quoted, negated) { Date = date };
    }

    private static string Unquote(string value, out bool quoted)
    {
        quoted = value.Length >= 2 && (value[0] is '\'' or '"') && value[^1] == value[0];
        return quoted ? value[1..^1] : value;
    }
}
