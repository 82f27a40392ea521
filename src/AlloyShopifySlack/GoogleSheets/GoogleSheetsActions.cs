namespace AlloyShopifySlack.GoogleSheets;

/// <summary>
/// The Google Sheets connector as Alloy exposes it. The action id comes from a third-party guide (unconfirmed):
/// it lives here and nowhere else, so that a correction is a one-place change. Get-AlloyAction -ConnectorId
/// googleSheets shows the real ones; the action's schema decides where each field goes.
/// </summary>
internal static class GoogleSheetsActions
{
    public const string AppendRow = "appendRow";

    /// <summary>
    /// RAW: a value is stored as sent. USER_ENTERED would parse text as the Sheets UI does, so a customer named
    /// "=IMPORTXML(...)" would become a formula; numbers stay numbers either way (they are sent as JSON numbers).
    /// </summary>
    public const string ValueInputOption = "RAW";

    /// <summary>{spreadsheetId, range, values: [[...]], valueInputOption} — one row. Google requires valueInputOption.</summary>
    public static JsonObject AppendRowBody(string spreadsheetId, string range, IReadOnlyList<object?> values)
    {
        var row = new JsonArray();
        foreach (var value in values) row.Add(Cell(value));
        return new JsonObject
        {
            ["spreadsheetId"] = spreadsheetId,
            ["range"] = range,
            ["values"] = new JsonArray(row),
            ["valueInputOption"] = ValueInputOption,
        };
    }

    /// <summary>Numbers and booleans stay typed (a sheet can sum them); times are ISO 8601 UTC; the rest is text.</summary>
    internal static JsonNode? Cell(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        decimal number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        float number => JsonValue.Create(number),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        DateTimeOffset time => JsonValue.Create(time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        DateTime time => JsonValue.Create(new DateTimeOffset(time.Kind == DateTimeKind.Unspecified
            ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time)
            .ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        IFormattable formattable => JsonValue.Create(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };
}
