using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>A clock that records the waits asked of it and lets time jump instead of passing.</summary>
public sealed class FakeClock : IClock
{
    private readonly object _gate = new();
    private readonly List<TimeSpan> _delays = new();

    public FakeClock(DateTimeOffset? start = null) { UtcNow = start ?? new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.Zero); }

    public DateTimeOffset UtcNow { get; private set; }

    /// <summary>True: every Delay waits until cancelled (to test cancellation during a back-off).</summary>
    public bool Block { get; set; }

    public IReadOnlyList<TimeSpan> Delays { get { lock (_gate) return _delays.ToList(); } }

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _delays.Add(delay);
            UtcNow += delay;
        }
        return Block ? Task.Delay(Timeout.Infinite, cancellationToken) : Task.CompletedTask;
    }
}
