using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.GoogleSheets;

/// <summary>
/// The order log in one spreadsheet range: one row per order in the guide's columns. Used by the interaction
/// listener (acknowledged orders) and by Invoke-OrderSync -LogToGoogleSheet (alerts as they are sent).
/// </summary>
public sealed class GoogleSheetsOrderLog : IOrderLog
{
    private readonly GoogleSheetsClient _sheets;

    public GoogleSheetsOrderLog(GoogleSheetsClient sheets, string spreadsheetId, string? range = null)
    {
        _sheets = sheets ?? throw new ArgumentNullException(nameof(sheets));
        if (string.IsNullOrWhiteSpace(spreadsheetId)) throw new ArgumentException("A spreadsheet id is required.", nameof(spreadsheetId));
        SpreadsheetId = spreadsheetId;
        Range = string.IsNullOrWhiteSpace(range) ? OrderLogRow.DefaultRange : range!;
    }

    public string SpreadsheetId { get; }
    public string Range { get; }

    public Task<SheetsAppendResult> AppendRowAsync(OrderLogRow row, CancellationToken ct) =>
        _sheets.AppendRowAsync(SpreadsheetId, Range, row.ToValues(), ct);

    /// <summary>Logs an order: <paramref name="acknowledgedBy"/> empty for an alert as it is sent.</summary>
    public Task<SheetsAppendResult> AppendOrderAsync(ShopifyOrder order, string? acknowledgedBy, DateTimeOffset time,
        CancellationToken ct) =>
        AppendRowAsync(OrderLogRow.FromOrder(order, acknowledgedBy, time), ct);

    Task IOrderLog.AppendAsync(OrderLogRow row, CancellationToken ct) => AppendRowAsync(row, ct);
}
