using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Shopify;

/// <summary>
/// Shopify's leaky bucket as the last answer described it (extensions.cost.throttleStatus). Waiting for the bucket
/// before a request that would not fit saves a THROTTLED round trip; the server's answer stays the authority.
/// </summary>
internal sealed class ShopifyCostBucket
{
    private readonly object _gate = new object();
    private double? _available;
    private double _maximum;
    private double _restoreRate;
    private double _lastRequested;
    private DateTimeOffset _seenAt;

    public void Observe(JsonElement answer, DateTimeOffset now)
    {
        var cost = JsonRead.Path(answer, "extensions", "cost");
        var status = cost == null ? null : JsonRead.Property(cost.Value, "throttleStatus");
        if (cost == null || status == null) return;
        var available = Number(status.Value, "currentlyAvailable");
        var rate = Number(status.Value, "restoreRate");
        if (available == null || rate == null || rate <= 0) return;
        lock (_gate)
        {
            _available = available;
            _restoreRate = rate.Value;
            _maximum = Number(status.Value, "maximumAvailable") ?? double.MaxValue;
            _lastRequested = Number(cost.Value, "requestedQueryCost") ?? _lastRequested;
            _seenAt = now;
        }
    }

    /// <summary>How long to wait before a request costing about as much as the last one; zero when it fits.</summary>
    public TimeSpan WaitBeforeNext(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_available == null || _lastRequested <= 0) return TimeSpan.Zero;
            var elapsed = Math.Max(0, (now - _seenAt).TotalSeconds);
            var availableNow = Math.Min(_maximum, _available.Value + elapsed * _restoreRate);
            if (availableNow >= _lastRequested) return TimeSpan.Zero;
            // One point more than the deficit: currentlyAvailable comes rounded, and a wait that ends a hair short is THROTTLED.
            return TimeSpan.FromSeconds((_lastRequested - availableNow + 1) / _restoreRate);
        }
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : (double?)null;
}
