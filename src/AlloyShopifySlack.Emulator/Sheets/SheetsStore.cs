using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Sheets;

/// <summary>In-memory spreadsheets behind Google Sheets appendRow, answered like spreadsheets.values.append.</summary>
public sealed class SheetsStore
{
    public const string DefaultSpreadsheetId = "1EmuLatorSheetOrderLog0000000000000000000000";

    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<string, List<List<string?>>>> _books = new();

    /// <summary>Rows of one sheet (the first sheet when no name is given), as strings.</summary>
    public IReadOnlyList<IReadOnlyList<string?>> Rows(string spreadsheetId, string? sheet = null)
    {
        lock (_gate)
        {
            if (!_books.TryGetValue(spreadsheetId, out var book) || book.Count == 0) return Array.Empty<IReadOnlyList<string?>>();
            var rows = sheet != null ? book.GetValueOrDefault(sheet) : book.Values.First();
            return rows?.Select(r => (IReadOnlyList<string?>)r.ToList()).ToList() ?? new List<IReadOnlyList<string?>>();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _books.Clear();
            LastValueInputOption = null;
        }
    }

    /// <summary>How the last append asked Google to read its values (RAW, USER_ENTERED), or null when it did not say.</summary>
    public string? LastValueInputOption { get; private set; }

    /// <param name="requireValueInputOption">Google's own rule: values.append refuses a call without valueInputOption.</param>
    public ProviderAnswer Append(JsonObject body, bool requireValueInputOption = false)
    {
        var spreadsheetId = (string?)body["spreadsheetId"];
        if (string.IsNullOrWhiteSpace(spreadsheetId)) return SheetsError(400, "INVALID_ARGUMENT", "spreadsheetId is required.");
        var inputOption = body["valueInputOption"] is JsonValue option && option.TryGetValue<string>(out var text) ? text : null;
        if (inputOption == null && requireValueInputOption) return SheetsError(400, "INVALID_ARGUMENT",
            "'valueInputOption' is required but not specified");
        if (inputOption != null && inputOption != "RAW" && inputOption != "USER_ENTERED")
            return SheetsError(400, "INVALID_ARGUMENT", $"Invalid value at 'value_input_option' " +
                $"(type.googleapis.com/google.apps.sheets.v4.ValueInputOption), \"{inputOption}\"");
        var range = (string?)body["range"] ?? "Sheet1";
        var sheet = range.Contains('!') ? range[..range.IndexOf('!')] : (range.Any(char.IsDigit) || range.Contains(':') ? "Sheet1" : range);
        sheet = sheet.Trim('\'');
        if (body["values"] is not JsonArray values || values.Count == 0) return SheetsError(400, "INVALID_ARGUMENT",
            "values must be a non-empty array.");
        // One row given flat (["#1001", "12.50"]) or rows ([["#1001", "12.50"]]).
        var rows = values.All(v => v is JsonArray)
            ? values.Select(v => ((JsonArray)v!).Select(Cell).ToList()).ToList()
            : new List<List<string?>> { values.Select(Cell).ToList() };
        lock (_gate)
        {
            LastValueInputOption = inputOption;
            if (!_books.TryGetValue(spreadsheetId, out var book)) _books[spreadsheetId] =
                book = new Dictionary<string, List<List<string?>>>();
            if (!book.TryGetValue(sheet, out var table)) book[sheet] = table = new List<List<string?>>();
            var width = Math.Max(rows.Max(r => r.Count), table.Count == 0 ? 0 : table.Max(r => r.Count));
            var before = table.Count;
            var tableRange = before == 0 ? string.Empty : $"{Quote(sheet)}!A1:{Column(width)}{before}";
            table.AddRange(rows);
            var columns = rows.Max(r => r.Count);
            return ProviderAnswer.Ok(new JsonObject
            {
                ["spreadsheetId"] = spreadsheetId,
                ["tableRange"] = tableRange,
                ["updates"] = new JsonObject
                {
                    ["spreadsheetId"] = spreadsheetId,
                    ["updatedRange"] = $"{Quote(sheet)}!A{before + 1}:{Column(columns)}{before + rows.Count}",
                    ["updatedRows"] = rows.Count,
                    ["updatedColumns"] = columns,
                    ["updatedCells"] = rows.Sum(r => r.Count),
                },
            });
        }
    }

    private static string? Cell(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private static string Quote(string sheet) => sheet.Any(c => !char.IsLetterOrDigit(c)) ? $"'{sheet}'" : sheet;

    internal static string Column(int count)
    {
        var n = Math.Max(1, count);
        var name = string.Empty;
        while (n > 0) { n--; name = (char)('A' + n % 26) + name; n /= 26; }
        return name;
    }

    private static ProviderAnswer SheetsError(int code, string status, string message) => ProviderAnswer.Error(new JsonObject
    {
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status },
    });
}
