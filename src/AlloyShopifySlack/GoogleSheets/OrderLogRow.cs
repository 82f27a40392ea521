using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.GoogleSheets;

/// <summary>
/// One line of the order log, in the guide's columns: order number, total, customer, acknowledged by, time.
/// Type name AlloyShopifySlack.OrderLogRow.
/// </summary>
public sealed class OrderLogRow
{
    public const string TypeName = "AlloyShopifySlack.OrderLogRow";

    /// <summary>Where rows go unless told otherwise: the first five columns of the first sheet.</summary>
    public const string DefaultRange = "Sheet1!A:E";

    public string OrderName { get; set; } = string.Empty;
    public string? OrderId { get; set; }
    public decimal? Total { get; set; }
    public string? Currency { get; set; }
    public string? CustomerName { get; set; }
    /// <summary>Who acknowledged the order (a Slack user name or id); empty when the row logs an alert as it was sent.</summary>
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset Time { get; set; }
    /// <summary>After an append: the spreadsheet and the range the row landed in (e.g. Sheet1!A7:E7).</summary>
    public string? SpreadsheetId { get; set; }
    public string? UpdatedRange { get; set; }

    /// <summary>The cells, in column order. The total stays a number so that the sheet can sum it.</summary>
    public IReadOnlyList<object?> ToValues() => new object?[]
    {
        OrderName,
        Total,
        CustomerName ?? string.Empty,
        AcknowledgedBy ?? string.Empty,
        Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };

    public static OrderLogRow FromOrder(ShopifyOrder order, string? acknowledgedBy, DateTimeOffset time) => new OrderLogRow
    {
        OrderName = order.Name,
        OrderId = order.Id,
        Total = order.Total,
        Currency = order.Currency,
        CustomerName = order.CustomerName,
        AcknowledgedBy = acknowledgedBy,
        Time = time,
    };

    public override string ToString() => $"{OrderName} {Total} {CustomerName} {AcknowledgedBy}";
}
