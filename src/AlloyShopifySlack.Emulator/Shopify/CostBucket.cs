using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Shopify;

/// <summary>Shopify's GraphQL cost limit: a leaky bucket per app and store, charged the requested cost up front.</summary>
public sealed class CostBucket
{
    private readonly object _gate = new();
    private readonly EmulatorClock _clock;
    private double _available;
    private DateTimeOffset _last;

    public CostBucket(EmulatorClock clock, double maximumAvailable, double restoreRate)
    {
        _clock = clock;
        MaximumAvailable = maximumAvailable;
        RestoreRate = restoreRate;
        _available = maximumAvailable;
        _last = clock.UtcNow;
    }

    public double MaximumAvailable { get; set; }
    public double RestoreRate { get; set; }
    public bool Enabled { get; set; } = true;

    public double CurrentlyAvailable { get { lock (_gate) { Refill(); return _available; } } }

    /// <summary>Takes <paramref name="requested"/> points; false (nothing taken) when the bucket does not hold them.</summary>
    public bool TryTake(double requested)
    {
        lock (_gate)
        {
            Refill();
            if (Enabled && _available < requested) return false;
            _available = Math.Max(0, _available - requested);
            return true;
        }
    }

    /// <summary>Returns the difference between the requested and the actual cost after a query ran.</summary>
    public void Refund(double points)
    {
        lock (_gate) _available = Math.Min(MaximumAvailable, _available + Math.Max(0, points));
    }

    public void Fill()
    {
        lock (_gate) { _available = MaximumAvailable; _last = _clock.UtcNow; }
    }

    private void Refill()
    {
        var now = _clock.UtcNow;
        var elapsed = Math.Max(0, (now - _last).TotalSeconds);
        _available = Math.Min(MaximumAvailable, _available + elapsed * RestoreRate);
        _last = now;
    }

    public JsonObject CostNode(double requested, double? actual) => new()
    {
        ["requestedQueryCost"] = requested,
        ["actualQueryCost"] = actual,
        ["throttleStatus"] = new JsonObject
        {
            ["maximumAvailable"] = MaximumAvailable,
            ["currentlyAvailable"] = Math.Floor(CurrentlyAvailable),
            ["restoreRate"] = RestoreRate,
        },
    };
}
