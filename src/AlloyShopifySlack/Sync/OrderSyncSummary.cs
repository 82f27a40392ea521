namespace AlloyShopifySlack.Sync;

/// <summary>
/// A run over several tenants: how many were synced, skipped (another runner had them) or failed, and the alerts
/// summed over all. Type name AlloyShopifySlack.OrderSyncSummary; written after the one result per tenant.
/// </summary>
public sealed class OrderSyncSummary
{
    public int Tenants { get; set; }
    public int Synced { get; set; }
    public int Skipped { get; set; }
    public int Failed { get; set; }
    public int MessagesSent { get; set; }
    public int AlertsSent { get; set; }
    public int DuplicatesSkipped { get; set; }
    public int AlertsFailed { get; set; }
    public int ThrottleLimit { get; set; }
    public string StatePath { get; set; } = string.Empty;
    public DateTimeOffset StartedAt { get; set; }
    public TimeSpan Duration { get; set; }
    /// <summary>"tenant/shop: why" for each tenant whose run failed or left alerts failing.</summary>
    public string[] Problems { get; set; } = Array.Empty<string>();
    public bool Succeeded => Problems.Length == 0;

    public static OrderSyncSummary Of(IReadOnlyList<OrderSyncResult> results, int throttleLimit, string statePath, DateTimeOffset startedAt,
        DateTimeOffset endedAt) => new OrderSyncSummary
    {
        Tenants = results.Count,
        Synced = results.Count(r => r.Status == OrderSyncStatus.Synced),
        Skipped = results.Count(r => r.Status == OrderSyncStatus.Skipped),
        Failed = results.Count(r => r.Status == OrderSyncStatus.Failed),
        MessagesSent = results.Sum(r => r.MessagesSent),
        AlertsSent = results.Sum(r => r.AlertsSent),
        DuplicatesSkipped = results.Sum(r => r.DuplicatesSkipped),
        AlertsFailed = results.Sum(r => r.Failed),
        ThrottleLimit = throttleLimit,
        StatePath = statePath,
        StartedAt = startedAt,
        Duration = endedAt - startedAt,
        Problems = results.Where(r => !r.Succeeded).Select(r => $"{r.Tenant}/{r.Shop}: {string.Join("; ", r.Errors.Take(3))}").ToArray(),
    };

    public override string ToString() => $"{Tenants} tenants: {Synced} synced, {Skipped} skipped, {Failed} " +
        $"failed; {MessagesSent} messages sent";
}
