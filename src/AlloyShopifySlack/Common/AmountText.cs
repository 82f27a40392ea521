using System.Text.RegularExpressions;

namespace AlloyShopifySlack.Common;

/// <summary>
/// The one reader of amounts and counts typed by people (ORDER_VALUE_THRESHOLD, -MinimumTotal given as text,
/// CHECK_INTERVAL_SECONDS): the same in every culture, a dot for decimals and no thousands separator. Anything
/// two people could read two ways is refused with what was read and how to write it: "500,50" (500.50 in much
/// of Europe, 50050 elsewhere), "1,000", "1.000,00", and "1.000" (1 here, a thousand in Germany).
/// </summary>
public static class AmountText
{
    private static readonly Regex Plain = new Regex(@"^\+?(\d+(\.\d*)?|\.\d+)$", RegexOptions.CultureInvariant);
    // One to three digits (not starting with 0), a dot, exactly three digits: a thousands group in many locales.
    private static readonly Regex LooksGrouped = new Regex(@"^[1-9]\d{0,2}\.\d{3}$", RegexOptions.CultureInvariant);

    /// <summary>Reads a non-negative amount, or says why not (the problem names <paramref name="what"/> and quotes the text).</summary>
    public static bool TryParse(string? text, string what, out decimal value, out string? problem)
    {
        value = 0;
        var trimmed = (text ?? string.Empty).Trim();
        problem = Check(trimmed, what);
        if (problem != null) return false;
        if (!decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out value))
        {
            problem = $"{what} '{trimmed}' is too large.";
            return false;
        }
        return true;
    }

    /// <summary>Reads a whole number from <paramref name="minimum"/> to <paramref name="maximum"/> (seconds, counts).</summary>
    public static bool TryParseWhole(string? text, string what, int minimum, int maximum, out int value, out string? problem)
    {
        value = 0;
        if (!TryParse(text, what, out var amount, out problem)) return false;
        if (amount != decimal.Truncate(amount) || amount < minimum || amount > maximum)
        {
            problem = $"{what} '{(text ?? string.Empty).Trim()}' is not a whole number from {minimum} to {maximum}.";
            return false;
        }
        value = (int)amount;
        return true;
    }

    private static string? Check(string text, string what)
    {
        var read = $"{what} '{text}'";
        if (text.Length == 0) return $"{what} is empty: give a number such as 500 or 499.99.";
        if (text.StartsWith("-", StringComparison.Ordinal)) return $"{read} is negative: give 0 or more.";
        var hasComma = text.IndexOf(',') >= 0;
        var hasDot = text.IndexOf('.') >= 0;
        if (hasComma && hasDot)
            return $"{read} mixes ',' and '.': write it with a dot for the decimals and no thousands separator, such as {Suggest(text)}.";
        if (hasComma)
        {
            var asDecimal = text.Replace(',', '.');
            var asGrouped = text.Replace(",", string.Empty);
            return $"{read} is ambiguous: the comma may mark decimals ({asDecimal}) or thousands ({asGrouped}). " +
                   $"Write it with a dot for the decimals and no thousands separator: {asDecimal} or {asGrouped}.";
        }
        if (LooksGrouped.IsMatch(text))
            return $"{read} is ambiguous: the dot may mark decimals ({text.TrimEnd('0').TrimEnd('.')}) or thousands " +
                $"({text.Replace(".", string.Empty)}). " +
                   $"Write {text.Replace(".", string.Empty)} for the thousands, or drop the trailing zeros for the decimals.";
        if (!Plain.IsMatch(text)) return $"{read} is not a number: give digits with an optional dot for the decimals, such as " +
            "500 or 499.99.";
        return null;
    }

    /// <summary>"1.000,00" → "1000.00" (the last separator taken as the decimal one), as an example only.</summary>
    private static string Suggest(string text)
    {
        var last = Math.Max(text.LastIndexOf(','), text.LastIndexOf('.'));
        var whole = text.Substring(0, last).Replace(",", string.Empty).Replace(".", string.Empty);
        return whole + "." + text.Substring(last + 1);
    }
}
