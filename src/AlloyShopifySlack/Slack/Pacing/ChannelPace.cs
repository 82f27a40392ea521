namespace AlloyShopifySlack.Slack.Pacing;

/// <summary>
/// What is known of one channel's limit, and its schedule. Until Slack first refuses, nothing limits the channel
/// (a burst as long as Slack takes it). The first refusal (429 + Retry-After) teaches the interval (Slack's wait,
/// at most <see cref="SlackPacingOptions.AssumedInterval"/>) and the burst (what was accepted before it, less what
/// refilled meanwhile). From then on the channel is a token bucket kept as a schedule (GCRA: the theoretical
/// arrival time), so concurrent callers each take a distinct slot. While Slack accepts, the interval is shortened
/// step by step (probing); a refusal of a probe returns to the last interval that worked and probing stops above
/// it, so a channel costs at most a few refusals before its pace is right. Not thread-safe: the pacer locks.
/// </summary>
internal sealed class ChannelPace
{
    private readonly SlackPacingOptions _options;
    private DateTimeOffset _theoretical;
    private DateTimeOffset? _firstAcceptedAt;
    private int _acceptedBeforeLimit;
    private int _acceptedAtInterval;
    private int _refusedInARow;
    private TimeSpan _proven;
    private bool _probing;
    private bool _learnedBinds = true;
    private ChannelLimit? _lastLimit;

    public ChannelPace(SlackPacingOptions options) { _options = options; }

    /// <summary>The learned spacing of messages; null until Slack has refused one.</summary>
    public TimeSpan? Interval { get; private set; }

    /// <summary>The learned burst (messages at once after a quiet spell); meaningful once <see cref="Interval"/> is known.</summary>
    public int Burst { get; private set; } = 1;

    /// <summary>The shortest interval Slack refused after the first refusal: probing stays above it.</summary>
    public TimeSpan? RefusedInterval { get; private set; }

    /// <summary>Nothing goes to the channel before this (Slack's Retry-After).</summary>
    public DateTimeOffset BlockedUntil { get; private set; }

    public int Refusals { get; private set; }
    public int Accepted { get; private set; }

    /// <summary>The learned interval that Slack has taken (a probe in progress is not yet proven).</summary>
    public TimeSpan? ProvenInterval => _probing ? _proven : Interval;

    /// <summary>Starts a channel not met yet with a pace learned earlier (an earlier run's); false if it has its own.</summary>
    public bool Assume(TimeSpan interval, int burst)
    {
        if (Interval != null) return false;
        Interval = _proven = Clamp(interval);
        Burst = Math.Max(1, Math.Min(_options.MaxBurst, burst));
        return true;
    }

    /// <summary>The earliest time at or after <paramref name="now"/> that a message may go.</summary>
    public DateTimeOffset Earliest(DateTimeOffset now, ChannelLimit? limit)
    {
        var at = now > BlockedUntil ? now : BlockedUntil;
        var (interval, burst) = Effective(limit);
        if (interval <= TimeSpan.Zero) return at;
        var tolerance = Tolerance(interval, burst);
        return _theoretical > at + tolerance ? _theoretical - tolerance : at;
    }

    /// <summary>A message goes at <paramref name="at"/> (which <see cref="Earliest"/> allowed).</summary>
    public void Take(DateTimeOffset at, ChannelLimit? limit)
    {
        _lastLimit = limit;
        var (interval, _) = Effective(limit);
        _learnedBinds = Interval != null && (limit == null || limit.Interval <= Interval.Value);
        _theoretical = (_theoretical > at ? _theoretical : at) + interval;
    }

    /// <summary>Slack accepted a message: count it, and while the learned pace holds, try a faster one.</summary>
    public void Accept(DateTimeOffset now)
    {
        Accepted++;
        _refusedInARow = 0;
        if (Interval == null)
        {
            _acceptedBeforeLimit++;
            _firstAcceptedAt ??= now;
            return;
        }
        if (++_acceptedAtInterval < _options.ProbeAfter || !_learnedBinds) return;
        _acceptedAtInterval = 0;
        _proven = Interval.Value;
        _probing = false;
        var faster = Scale(Interval.Value, _options.ProbeFactor);
        if (faster < _options.MinInterval || (RefusedInterval != null && faster <= RefusedInterval.Value)) return;
        Rescale(faster, now);
        _probing = true;
    }

    /// <summary>
    /// Slack refused a message as rate limited: learn from it, block the channel for Slack's wait and empty its
    /// bucket (no burst after a refusal). Returns how long until the channel may take a message again.
    /// </summary>
    public TimeSpan Refused(DateTimeOffset now, TimeSpan? retryAfter)
    {
        Refusals++;
        _refusedInARow++;
        var wait = retryAfter ?? Backoff();
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        if (now + wait > BlockedUntil) BlockedUntil = now + wait;
        if (Interval == null) LearnFirst(now, wait);
        else if (_probing)
        {
            RefusedInterval = Interval;
            Interval = _proven;
            _probing = false;
        }
        else
        {
            RefusedInterval = Interval;
            Interval = Clamp(Scale(Interval.Value, _options.SlowDownFactor));
        }
        _acceptedAtInterval = 0;
        var (interval, burst) = Effective(_lastLimit);
        _theoretical = BlockedUntil + Tolerance(interval, burst);
        return BlockedUntil - now;
    }

    private void LearnFirst(DateTimeOffset now, TimeSpan wait)
    {
        var basis = wait < _options.AssumedInterval ? wait : _options.AssumedInterval;
        var interval = Clamp(Scale(basis, 1 + _options.MarginFraction));
        Interval = interval;
        _proven = interval;
        // What went through before the refusal, less what the bucket refilled meanwhile, is about its size.
        var elapsed = _firstAcceptedAt == null ? TimeSpan.Zero : now - _firstAcceptedAt.Value;
        var burst = (int)Math.Floor(_acceptedBeforeLimit - elapsed.Ticks / (double)interval.Ticks);
        Burst = Math.Max(1, Math.Min(_options.MaxBurst, burst));
    }

    /// <summary>
    /// A new interval keeps the bucket's level: what is owed (the theoretical time ahead of now) is the same number
    /// of messages, at the new spacing. Without this a faster interval would shrink the tolerance and push the
    /// next slot later by (burst - 1) times the change.
    /// </summary>
    private void Rescale(TimeSpan interval, DateTimeOffset now)
    {
        var old = Effective(_lastLimit).Interval;
        Interval = interval;
        var changed = Effective(_lastLimit).Interval;
        if (_theoretical <= now || old <= TimeSpan.Zero) return;
        _theoretical = now + Scale(_theoretical - now, changed.Ticks / (double)old.Ticks);
    }

    /// <summary>Without a Retry-After: Slack's pace, doubled per refusal in a row.</summary>
    private TimeSpan Backoff() =>
        Scale(_options.AssumedInterval, Math.Pow(2, Math.Min(5, _refusedInARow - 1)));

    private (TimeSpan Interval, int Burst) Effective(ChannelLimit? limit)
    {
        var interval = Interval ?? TimeSpan.Zero;
        var burst = Interval != null ? Burst : int.MaxValue;
        if (limit == null) return (interval, burst);
        if (limit.Interval > interval) interval = limit.Interval;
        var ceiling = limit.Burst ?? (limit.MessagesPerSecond != null ? 1 : int.MaxValue);
        return (interval, Math.Min(burst, ceiling));
    }

    private TimeSpan Tolerance(TimeSpan interval, int burst) =>
        TimeSpan.FromTicks(interval.Ticks * (Math.Min(burst, _options.MaxBurst) - 1));

    private TimeSpan Clamp(TimeSpan interval) =>
        interval < _options.MinInterval ? _options.MinInterval : interval > _options.MaxInterval ? _options.MaxInterval : interval;

    private static TimeSpan Scale(TimeSpan value, double factor) => TimeSpan.FromTicks((long)Math.Round(value.Ticks * factor));
}
