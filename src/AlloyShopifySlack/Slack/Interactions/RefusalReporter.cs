using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>
/// Reports refused requests as warnings, but at most <see cref="PerMinute"/> a minute: a scanner or a misconfigured
/// proxy must not bury the console. What is held back is counted and reported when the next minute opens.
/// </summary>
internal sealed class RefusalReporter
{
    public const int PerMinute = 20;
    private readonly object _gate = new object();
    private readonly IClock _clock;
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _reported;
    private int _suppressed;

    public RefusalReporter(IClock clock) { _clock = clock; }

    public void Report(IOperationLog log, string message)
    {
        int suppressedBefore;
        lock (_gate)
        {
            var now = _clock.UtcNow;
            suppressedBefore = 0;
            if (now - _windowStart >= TimeSpan.FromMinutes(1))
            {
                suppressedBefore = _suppressed;
                _windowStart = now;
                _reported = 0;
                _suppressed = 0;
            }
            if (_reported >= PerMinute)
            {
                _suppressed++;
                return;
            }
            _reported++;
        }
        if (suppressedBefore > 0) log.Write(LogLevel.Warning, $"{suppressedBefore} more requests were refused in the previous minute " +
            "(not shown one by one).");
        log.Write(LogLevel.Warning, message);
    }
}
