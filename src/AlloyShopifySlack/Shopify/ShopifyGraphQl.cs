using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Shopify;

/// <summary>Reads the GraphQL parts of a Shopify answer that Alloy passed through: errors, throttling, data.</summary>
internal static class ShopifyGraphQl
{
    /// <summary>
    /// True when the answer is Shopify's cost throttle (errors[].extensions.code THROTTLED, inside an HTTP 200).
    /// <paramref name="wait"/> is what the leaky bucket needs to hold the requested cost again:
    /// (requested − currentlyAvailable) / restoreRate seconds; a second when the answer does not say.
    /// </summary>
    public static bool IsThrottled(JsonElement answer, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        if (!ErrorCodes(answer).Any(code => string.Equals(code, "THROTTLED", StringComparison.OrdinalIgnoreCase))) return false;
        var cost = JsonRead.Path(answer, "extensions", "cost");
        var status = cost == null ? null : JsonRead.Property(cost.Value, "throttleStatus");
        var requested = cost == null ? null : Number(cost.Value, "requestedQueryCost");
        var available = status == null ? null : Number(status.Value, "currentlyAvailable");
        var restoreRate = status == null ? null : Number(status.Value, "restoreRate");
        if (requested.HasValue && available.HasValue && restoreRate.HasValue && restoreRate.Value > 0)
        {
            var seconds = (requested.Value - available.Value) / restoreRate.Value;
            // At least one restore tick: the bucket may have looked full enough to the server but not to us.
            wait = TimeSpan.FromSeconds(Math.Max(seconds, 1.0 / restoreRate.Value));
        }
        else
        {
            wait = TimeSpan.FromSeconds(1);
        }
        return true;
    }

    /// <summary>The GraphQL data object (Alloy may or may not keep the "data" wrapper).</summary>
    public static JsonElement? Data(JsonElement answer) =>
        answer.ValueKind != JsonValueKind.Object ? (JsonElement?)null : JsonRead.Property(answer, "data") ?? answer;

    /// <summary>
    /// Raises a <see cref="ProviderException"/> when the answer carries GraphQL errors and no usable
    /// <paramref name="field"/> under data. Errors next to data (a field the app may not read) are returned as a
    /// message for a warning.
    /// </summary>
    public static string? CheckErrors(JsonElement answer, string field, string what)
    {
        var errors = JsonRead.Array(JsonRead.Property(answer, "errors")).ToList();
        if (errors.Count == 0) return null;
        var messages = string.Join("; ", errors.Select(e => JsonRead.String(e, "message") ?? e.GetRawText()).Take(3));
        var data = JsonRead.Property(answer, "data");
        var hasField = data != null && JsonRead.Property(data.Value, field) != null;
        if (hasField) return $"Shopify answered {what} with errors next to the data: {messages}";
        var code = ErrorCodes(answer).FirstOrDefault() ?? "GRAPHQL_ERROR";
        throw new ProviderException("Shopify", code, $"Shopify refused {what}: {messages} (code {code}).");
    }

    private static System.Collections.Generic.IEnumerable<string> ErrorCodes(JsonElement answer)
    {
        foreach (var error in JsonRead.Array(JsonRead.Property(answer, "errors")))
        {
            var code = JsonRead.Path(error, "extensions", "code");
            if (code != null && code.Value.ValueKind == JsonValueKind.String) yield return code.Value.GetString()!;
            else if (string.Equals(JsonRead.String(error, "message"), "Throttled",
                StringComparison.OrdinalIgnoreCase)) yield return "THROTTLED";
        }
    }

    private static double? Number(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture,
            out var parsed)) return parsed;
        return null;
    }
}
