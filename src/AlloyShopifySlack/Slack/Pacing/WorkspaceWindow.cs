namespace AlloyShopifySlack.Slack.Pacing;

/// <summary>
/// The workspace-wide limit as a sliding window: at most <c>max</c> messages in any <c>span</c>, over all channels.
/// A window (not a bucket) because Slack states the limit per minute and a bucket would let twice as many through
/// in the first minute. Not thread-safe: the pacer locks.
/// </summary>
internal sealed class WorkspaceWindow
{
    private readonly int _max;
    private readonly TimeSpan _span;
    private readonly List<DateTimeOffset> _sends = new List<DateTimeOffset>();

    public WorkspaceWindow(int max, TimeSpan span)
    {
        if (max < 1) throw new ArgumentOutOfRangeException(nameof(max), max, "The workspace limit must be at least one message.");
        _max = max;
        _span = span;
    }

    /// <summary>The earliest time at or after <paramref name="at"/> that one more message fits.</summary>
    public DateTimeOffset Earliest(DateTimeOffset at, DateTimeOffset now)
    {
        Forget(now);
        if (_sends.Count < _max) return at;
        var free = _sends[_sends.Count - _max] + _span;
        return free > at ? free : at;
    }

    public void Take(DateTimeOffset at)
    {
        var index = _sends.Count;
        while (index > 0 && _sends[index - 1] > at) index--;
        _sends.Insert(index, at);
    }

    private void Forget(DateTimeOffset now)
    {
        var old = 0;
        while (old < _sends.Count && _sends[old] <= now - _span) old++;
        if (old > 0) _sends.RemoveRange(0, old);
    }
}
