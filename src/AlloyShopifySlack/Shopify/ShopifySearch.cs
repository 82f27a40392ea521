namespace AlloyShopifySlack.Shopify;

/// <summary>Shopify search syntax for the orders query (dates must be quoted strings).</summary>
internal static class ShopifySearch
{
    public static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    public const string CreatedAt = "created_at";
    public const string UpdatedAt = "updated_at";

    /// <summary>created_at:&gt;='2024-01-15T00:00:00Z' AND created_at:&lt;'…' AND (user query), leaving out what is absent (or updated_at
    /// bounds).</summary>
    public static string Build(DateTimeOffset? from, DateTimeOffset? before, string? userQuery, string? extra = null,
        string field = CreatedAt)
    {
        var parts = new List<string>(4);
        if (from.HasValue) parts.Add($"{field}:>='{Format(from.Value)}'");
        if (before.HasValue) parts.Add($"{field}:<'{Format(before.Value)}'");
        if (!string.IsNullOrWhiteSpace(userQuery)) parts.Add("(" + userQuery!.Trim() + ")");
        if (!string.IsNullOrEmpty(extra)) parts.Add(extra!);
        return string.Join(" AND ", parts);
    }

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Shopify filters by whole seconds: bounds are widened to seconds and the exact bounds applied here.</summary>
    public static DateTimeOffset FloorToSecond(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    public static DateTimeOffset CeilingToSecond(DateTimeOffset value)
    {
        var floor = FloorToSecond(value);
        return floor == value.ToUniversalTime() ? floor : floor + Second;
    }
}
