namespace AlloyShopifySlack.Emulator.Infrastructure;

/// <summary>A token bucket on the emulator clock: <c>rate</c> tokens per second, at most <c>burst</c> saved up.</summary>
public sealed class TokenBucket
{
    private readonly EmulatorClock _clock;
    private double _tokens;
    private DateTimeOffset _last;

    public TokenBucket(EmulatorClock clock, double burst)
    {
        _clock = clock;
        _tokens = burst;
        _last = clock.UtcNow;
    }

    /// <summary>Takes a token, or says how long until one is there. Not thread-safe: callers lock.</summary>
    public bool TryTake(double rate, double burst, out TimeSpan retryAfter)
    {
        var now = _clock.UtcNow;
        _tokens = Math.Min(burst, _tokens + Math.Max(0, (now - _last).TotalSeconds) * rate);
        _last = now;
        if (_tokens >= 1)
        {
            _tokens -= 1;
            retryAfter = TimeSpan.Zero;
            return true;
        }
        retryAfter = rate <= 0 ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds((1 - _tokens) / rate);
        return false;
    }
}
