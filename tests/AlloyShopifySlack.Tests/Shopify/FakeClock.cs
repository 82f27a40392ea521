using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Tests.Shopify;

/// <summary>A clock that records every wait and moves its time on by it, at once (tests never sleep).</summary>
internal sealed class FakeClock : IClock
{
    private readonly object _gate = new();
    public FakeClock(DateTimeOffset? start = null) => UtcNow = start ?? new DateTimeOffset(2024, 1, 20, 12, 0, 0, TimeSpan.Zero);

    public DateTimeOffset UtcNow { get; private set; }
    public List<TimeSpan> Delays { get; } = new();

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            Delays.Add(delay);
            if (delay > TimeSpan.Zero) UtcNow += delay;
        }
        return Task.CompletedTask;
    }
}

/// <summary>Collects what the core logs (warnings, progress) for assertions.</summary>
internal sealed class RecordingLog : IOperationLog
{
    public List<(LogLevel Level, string Message)> Lines { get; } = new();
    public List<ProgressReport> Progress { get; } = new();
    public IEnumerable<string> Warnings => Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message);

    public void Write(LogLevel level, string message) { lock (Lines) Lines.Add((level, message)); }
    void IOperationLog.Progress(ProgressReport report) { lock (Progress) Progress.Add(report); }
}
