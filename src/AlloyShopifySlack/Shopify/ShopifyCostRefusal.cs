using System.Text.RegularExpressions;
using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Shopify;

/// <summary>
/// Shopify's refusal of a query whose requested cost is over its single-query limit (1,000 points): errors[] with
/// extensions {code: MAX_COST_EXCEEDED, cost, maxCost}. Alloy may pass that body through in an HTTP 200 or turn it
/// into a 4xx whose body carries it; both are read here. Nothing ran and nothing was charged, so asking again with
/// fewer orders is always safe.
/// </summary>
internal sealed class ShopifyCostRefusal
{
    public const string Code = "MAX_COST_EXCEEDED";
    /// <summary>Aim this far under the limit: the cost is not exactly proportional to the page size.</summary>
    private const double Margin = 0.9;
    private static readonly Regex CostField = new Regex("\"cost\"\\s*:\\s*(\\d+(?:\\.\\d+)?)", RegexOptions.CultureInvariant);
    private static readonly Regex MaxCostField = new Regex("\"maxCost\"\\s*:\\s*(\\d+(?:\\.\\d+)?)", RegexOptions.CultureInvariant);
    private static readonly Regex Sentence = new Regex(@"Query cost is (\d+(?:\.\d+)?), which exceeds the single query max cost limit " +
        @"\((\d+(?:\.\d+)?)\)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private ShopifyCostRefusal(double? cost, double? maxCost)
    {
        Cost = cost;
        MaxCost = maxCost;
    }

    /// <summary>The requested cost Shopify computed, when it said.</summary>
    public double? Cost { get; }
    /// <summary>The single-query limit, when it said.</summary>
    public double? MaxCost { get; }

    /// <summary>The refusal inside an answer (HTTP 200, Shopify's body passed through).</summary>
    public static ShopifyCostRefusal? From(JsonElement answer)
    {
        foreach (var error in JsonRead.Array(JsonRead.Property(answer, "errors")))
        {
            var extensions = JsonRead.Property(error, "extensions");
            if (extensions == null || !string.Equals(JsonRead.String(extensions.Value, "code"), Code,
                StringComparison.OrdinalIgnoreCase)) continue;
            var fromText = FromText(JsonRead.String(error, "message") ?? string.Empty);
            return new ShopifyCostRefusal(Number(extensions.Value, "cost") ?? fromText?.Cost,
                Number(extensions.Value, "maxCost") ?? fromText?.MaxCost);
        }
        return null;
    }

    /// <summary>The refusal carried by an Alloy error (a 4xx whose body holds Shopify's errors).</summary>
    public static ShopifyCostRefusal? From(AlloyException error)
    {
        if (error is AlloyAuthenticationException || error is AlloyNotFoundException || error is AlloyRateLimitException) return null;
        var status = error.StatusCode.HasValue ? (int)error.StatusCode.Value : 0;
        if (status != 0 && (status < 400 || status >= 500)) return null;
        var text = (error.ResponseExcerpt ?? string.Empty) + " " + error.Message;
        if (text.IndexOf(Code, StringComparison.OrdinalIgnoreCase) < 0 && !Sentence.IsMatch(text)) return null;
        var fromText = FromText(text);
        return new ShopifyCostRefusal(Match(CostField, text) ?? fromText?.Cost, Match(MaxCostField, text) ?? fromText?.MaxCost);
    }

    /// <summary>
    /// The page size that should fit: the cost grows about linearly with the page size (a connection costs per
    /// item), so first × maxCost × 0.9 / cost; half the page when the refusal gave no numbers. Always fewer than
    /// <paramref name="first"/>; 0 when even one order per page is too much.
    /// </summary>
    public int FittingPageSize(int first)
    {
        if (first <= 1) return 0;
        var fit = Cost is { } cost && MaxCost is { } max && cost > 0 && max > 0
            ? (int)Math.Floor(first * max * Margin / cost)
            : first / 2;
        return Math.Max(1, Math.Min(first - 1, fit));
    }

    public string Describe() => Cost.HasValue && MaxCost.HasValue
        ? $"its query cost is {Cost.Value.ToString("0.##", CultureInfo.InvariantCulture)} points, over Shopify's single-query limit " +
            $"of {MaxCost.Value.ToString("0.##", CultureInfo.InvariantCulture)}"
        : "its query cost is over Shopify's single-query limit";

    private static ShopifyCostRefusal? FromText(string text)
    {
        var match = Sentence.Match(text);
        return match.Success ? new ShopifyCostRefusal(Parse(match.Groups[1].Value), Parse(match.Groups[2].Value)) : null;
    }

    private static double? Match(Regex regex, string text)
    {
        var match = regex.Match(text);
        return match.Success ? Parse(match.Groups[1].Value) : null;
    }

    private static double? Parse(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : (double?)null;

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble()
            : Parse(JsonRead.String(element, name) ?? string.Empty);
}
