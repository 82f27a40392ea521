namespace AlloyShopifySlack.GoogleSheets;

/// <summary>
/// Appends one row per order to the order log (alerts as the sync sends them, acknowledgements from the listener).
/// Not idempotent: callers make sure it runs once per order. <see cref="GoogleSheetsOrderLog"/> is the implementation.
/// </summary>
public interface IOrderLog
{
    Task AppendAsync(OrderLogRow row, CancellationToken ct);
}
