using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Slack;

/// <summary>
/// Text with named placeholders: "{Name} from {CustomerName}: {Total} {Currency}". Names are the order's
/// properties (case-insensitive) plus Items, ItemCount and Amount; ":format" picks a .NET format
/// ({Total:N0}, {CreatedAt:yyyy-MM-dd}); "{{" and "}}" are literal braces. Values are escaped for mrkdwn, the
/// template's own text is not (it may hold links and mentions on purpose).
/// </summary>
public sealed class PlaceholderText
{
    private delegate string Value(ShopifyOrder order, string? format, int maxItems);

    private static readonly Dictionary<string, Value> Values = new Dictionary<string, Value>(StringComparer.OrdinalIgnoreCase)
    {
        ["Id"] = (o, f, m) => o.Id,
        ["NumericId"] = (o, f, m) => o.NumericId,
        ["Name"] = (o, f, m) => o.Name,
        ["CreatedAt"] = (o, f, m) => Time(o.CreatedAt, f),
        ["Total"] = (o, f, m) => Number(o.Total, f),
        ["Currency"] = (o, f, m) => o.Currency,
        ["Amount"] = (o, f, m) => OrderFormat.RawMoney(o.Total, o.Currency),
        ["PresentmentTotal"] = (o, f, m) => o.PresentmentTotal.HasValue ? Number(o.PresentmentTotal.Value, f) : string.Empty,
        ["PresentmentCurrency"] = (o, f, m) => o.PresentmentCurrency ?? string.Empty,
        ["CustomerName"] = (o, f, m) => string.IsNullOrWhiteSpace(o.CustomerName) ? OrderFormat.GuestCustomer : o.CustomerName!,
        ["CustomerEmail"] = (o, f, m) => o.CustomerEmail ?? string.Empty,
        ["Items"] = (o, f, m) => OrderFormat.ItemLines(o, m, escape: false),
        ["LineItems"] = (o, f, m) => OrderFormat.ItemLines(o, m, escape: false),
        ["ItemCount"] = (o, f, m) => OrderFormat.ItemCount(o).ToString(f ?? "D", CultureInfo.InvariantCulture),
        ["Tags"] = (o, f, m) => string.Join(", ", o.Tags ?? Array.Empty<string>()),
        ["Test"] = (o, f, m) => o.Test ? "true" : "false",
        ["CancelledAt"] = (o, f, m) => o.CancelledAt.HasValue ? Time(o.CancelledAt.Value, f) : string.Empty,
        ["FinancialStatus"] = (o, f, m) => o.FinancialStatus ?? string.Empty,
        ["AdminUrl"] = (o, f, m) => o.AdminUrl ?? string.Empty,
    };

    private readonly List<Segment> _segments;

    private PlaceholderText(string source, List<Segment> segments)
    {
        Source = source;
        _segments = segments;
    }

    public string Source { get; }

    /// <summary>The placeholder names a template may use.</summary>
    public static IReadOnlyCollection<string> Names => Values.Keys.ToList();

    public bool HasPlaceholders => _segments.Any(s => s.Name != null);

    /// <summary>Parses a template; an unknown name or an unclosed brace is an ArgumentException that says which.</summary>
    public static PlaceholderText Parse(string template)
    {
        if (template == null) throw new ArgumentNullException(nameof(template));
        var segments = new List<Segment>();
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{') { literal.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}') { literal.Append('}'); i++; continue; }
            if (c == '}') throw new ArgumentException($"The template has a '}}' without its '{{' at position {i + 1}. Write '}}}}' for a " +
                $"literal brace.");
            if (c != '{') { literal.Append(c); continue; }
            var close = template.IndexOf('}', i + 1);
            if (close < 0) throw new ArgumentException($"The template has a '{{' without its '}}' at position {i + 1}. Write '{{{{' for " +
                $"a literal brace.");
            var body = template.Substring(i + 1, close - i - 1);
            var colon = body.IndexOf(':');
            var name = (colon < 0 ? body : body.Substring(0, colon)).Trim();
            var format = colon < 0 ? null : body.Substring(colon + 1);
            if (!Values.ContainsKey(name))
                throw new ArgumentException($"The template names an unknown placeholder '{{{name}}}'. " +
                    $"Known: {string.Join(", ", Values.Keys.Select(k => "{" + k + "}"))}.");
            if (literal.Length > 0) { segments.Add(new Segment(literal.ToString(), null, null)); literal.Clear(); }
            segments.Add(new Segment(null, name, string.IsNullOrEmpty(format) ? null : format));
            i = close;
        }
        if (literal.Length > 0) segments.Add(new Segment(literal.ToString(), null, null));
        return new PlaceholderText(template, segments);
    }

    /// <summary>Fills the placeholders; values are mrkdwn-escaped when <paramref name="escape"/> (not for plain_text).</summary>
    public string Render(ShopifyOrder order, bool escape, int maxItems = 3)
    {
        var builder = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (segment.Name == null) { builder.Append(segment.Literal); continue; }
            string value;
            try { value = Values[segment.Name](order, segment.Format, maxItems) ?? string.Empty; }
            catch (FormatException ex) { throw new ArgumentException($"The format ':{segment.Format}' does not suit " +
                $"{{{segment.Name}}}: {ex.Message}", ex); }
            builder.Append(escape ? SlackText.EscapeMrkdwn(value) : value);
        }
        return builder.ToString();
    }

    private static string Number(decimal value, string? format) => value.ToString(format ?? "N2", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset value, string? format) =>
        format == null ? OrderFormat.RawUtc(value) : value.ToUniversalTime().ToString(format, CultureInfo.InvariantCulture);

    private sealed class Segment
    {
        public Segment(string? literal, string? name, string? format) { Literal = literal; Name = name; Format = format; }
        public string? Literal { get; }
        public string? Name { get; }
        public string? Format { get; }
    }
}
