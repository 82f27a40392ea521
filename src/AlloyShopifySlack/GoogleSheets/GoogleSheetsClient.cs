using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.GoogleSheets;

/// <summary>Google Sheets through Alloy: appending rows (spreadsheets.values.append).</summary>
public sealed class GoogleSheetsClient
{
    private readonly AlloyClient _client;
    private readonly string _credentialId;
    private readonly string? _connectorId;

    /// <param name="connectorId">Alloy's id for Google Sheets; null or empty: found in Alloy's connector list.</param>
    public GoogleSheetsClient(AlloyClient client, string credentialId, string? connectorId = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        if (string.IsNullOrWhiteSpace(credentialId)) throw new ArgumentException("A Google Sheets credential id is required.",
            nameof(credentialId));
        _credentialId = credentialId;
        _connectorId = string.IsNullOrWhiteSpace(connectorId) ? null : connectorId;
    }

    /// <summary>
    /// Appends one row after the table found in <paramref name="range"/>. Not retried after an ambiguous failure
    /// (the row might exist): that surfaces as <see cref="AlloyAmbiguousResultException"/>.
    /// </summary>
    public async Task<SheetsAppendResult> AppendRowAsync(string spreadsheetId, string range, IReadOnlyList<object?> values,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(spreadsheetId)) throw new ArgumentException("A spreadsheet id is required.", nameof(spreadsheetId));
        if (string.IsNullOrWhiteSpace(range)) throw new ArgumentException(
            "A range (A1 notation, e.g. Sheet1!A:E) is required.", nameof(range));
        if (values == null || values.Count == 0) throw new ArgumentException("A row needs at least one value.", nameof(values));

        var connectorId = await GoogleSheetsConnector.ResolveAsync(_client, _connectorId, ct).ConfigureAwait(false);
        // Every field goes in the body; the action's schema moves each where Alloy wants it (Google's own shape
        // has the ids in the path and valueInputOption in the query) and leaves out what it does not declare.
        var request = new ActionRequest(_credentialId) { RequestBody = GoogleSheetsActions.AppendRowBody(spreadsheetId, range, values) };
        var answer = await _client.ExecuteAsync(connectorId, GoogleSheetsActions.AppendRow, request, ct).ConfigureAwait(false);
        ThrowIfGoogleError(answer);
        return SheetsAppendResult.From(answer, spreadsheetId);
    }

    /// <summary>Google's error body ({error: {code, message, status}}) passed through with a 200 is a failure, not a success.</summary>
    private static void ThrowIfGoogleError(JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("error", out var error)) return;
        string code = "error", message = "Google Sheets refused the request.";
        if (error.ValueKind == JsonValueKind.Object)
        {
            if (error.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String) code = status.GetString()!;
            if (error.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String) message =
                "Google Sheets: " + text.GetString();
        }
        else if (error.ValueKind == JsonValueKind.String)
        {
            code = error.GetString()!;
            message = "Google Sheets: " + code;
        }
        throw new ProviderException("GoogleSheets", code, message);
    }
}

/// <summary>What Sheets reports after an append: where the row went.</summary>
public sealed class SheetsAppendResult
{
    public string SpreadsheetId { get; set; } = string.Empty;
    /// <summary>The table's range before the append (empty when the sheet was empty).</summary>
    public string? TableRange { get; set; }
    /// <summary>Where the new row was written, e.g. Sheet1!A7:E7.</summary>
    public string? UpdatedRange { get; set; }
    public int? UpdatedRows { get; set; }

    internal static SheetsAppendResult From(JsonElement answer, string spreadsheetId)
    {
        var result = new SheetsAppendResult { SpreadsheetId = spreadsheetId };
        if (answer.ValueKind != JsonValueKind.Object) return result;
        if (answer.TryGetProperty("spreadsheetId", out var id) && id.ValueKind == JsonValueKind.String) result.SpreadsheetId =
            id.GetString()!;
        if (answer.TryGetProperty("tableRange", out var table) && table.ValueKind == JsonValueKind.String) result.TableRange =
            table.GetString();
        if (answer.TryGetProperty("updates", out var updates) && updates.ValueKind == JsonValueKind.Object)
        {
            if (updates.TryGetProperty("updatedRange", out var range) && range.ValueKind == JsonValueKind.String) result.UpdatedRange =
                range.GetString();
            if (updates.TryGetProperty("updatedRows", out var rows) && rows.ValueKind == JsonValueKind.Number
                && rows.TryGetInt32(out var count)) result.UpdatedRows = count;
        }
        return result;
    }
}
