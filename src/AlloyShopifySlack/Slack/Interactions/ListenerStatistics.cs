namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>Counts of what the listener did, for its progress line and for callers (tests, the benchmark).</summary>
public sealed class ListenerStatistics
{
    private long _accepted;
    private long _refused;
    private long _handled;
    private long _failed;
    private long _lastReportTicks = long.MinValue;

    /// <summary>Requests answered 200 and queued.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);
    /// <summary>Requests answered with an error status (nothing was done for them).</summary>
    public long Refused => Interlocked.Read(ref _refused);
    /// <summary>Accepted interactions whose work is done (whatever the outcome).</summary>
    public long Handled => Interlocked.Read(ref _handled);
    public long Failed => Interlocked.Read(ref _failed);

    internal void CountAccepted() => Interlocked.Increment(ref _accepted);

    internal void CountRefused() => Interlocked.Increment(ref _refused);

    internal void CountHandled(InteractionStatus status)
    {
        Interlocked.Increment(ref _handled);
        if (status == InteractionStatus.Failed) Interlocked.Increment(ref _failed);
    }

    /// <summary>At most four progress updates a second, so that a burst of requests does not flood the console.</summary>
    internal bool ShouldReport(DateTimeOffset now, bool force)
    {
        var last = Interlocked.Read(ref _lastReportTicks);
        if (!force && now.UtcTicks - last < TimeSpan.TicksPerMillisecond * 250) return false;
        return Interlocked.CompareExchange(ref _lastReportTicks, now.UtcTicks, last) == last || force;
    }

    internal ListenerStatistics Snapshot()
    {
        var copy = new ListenerStatistics();
        copy._accepted = Accepted;
        copy._refused = Refused;
        copy._handled = Handled;
        copy._failed = Failed;
        return copy;
    }
}
