namespace AlloyShopifySlack.Alloy;

/// <summary>Defensive reading of JSON whose shape is not guaranteed.</summary>
public static class JsonRead
{
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            }
            : null;

    public static bool? Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => (bool?)null }
            : null;

    public static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : (JsonElement?)null;

    /// <summary>Follows a path of property names; null when any step is missing or null.</summary>
    public static JsonElement? Path(JsonElement element, params string[] names)
    {
        JsonElement? current = element;
        foreach (var name in names)
        {
            if (current == null) return null;
            current = Property(current.Value, name);
        }
        return current;
    }

    public static IEnumerable<JsonElement> Array(JsonElement? element)
    {
        if (element == null || element.Value.ValueKind != JsonValueKind.Array) yield break;
        foreach (var item in element.Value.EnumerateArray()) yield return item;
    }

    public static DateTimeOffset? Date(JsonElement element, string name)
    {
        var text = String(element, name);
        return text != null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value : (DateTimeOffset?)null;
    }

    public static decimal? Decimal(JsonElement? element)
    {
        if (element == null) return null;
        var value = element.Value;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)) return number;
        if (value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.Number,
            CultureInfo.InvariantCulture, out var parsed)) return parsed;
        return null;
    }
}
