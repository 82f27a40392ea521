namespace AlloyShopifySlack.Emulator.Infrastructure;

/// <summary>
/// The emulator's notion of now. Follows the system clock by default; tests can set it, freeze it and advance it
/// so that rate limits, throttling and the sample store never depend on real waiting.
/// </summary>
public sealed class EmulatorClock
{
    private readonly object _gate = new();
    private TimeSpan _offset;
    private DateTimeOffset? _frozen;

    public EmulatorClock(DateTimeOffset? start = null)
    {
        if (start.HasValue) _offset = start.Value - DateTimeOffset.UtcNow;
    }

    public DateTimeOffset UtcNow
    {
        get { lock (_gate) return _frozen ?? DateTimeOffset.UtcNow + _offset; }
    }

    /// <summary>Jumps to <paramref name="now"/>; the clock keeps running from there unless frozen.</summary>
    public void Set(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_frozen.HasValue) _frozen = now;
            else _offset = now - DateTimeOffset.UtcNow;
        }
    }

    /// <summary>Stops the clock at its current value; only <see cref="Set"/> and <see cref="Advance"/> move it.</summary>
    public void Freeze()
    {
        lock (_gate) _frozen ??= DateTimeOffset.UtcNow + _offset;
    }

    public void Unfreeze()
    {
        lock (_gate)
        {
            if (_frozen.HasValue) _offset = _frozen.Value - DateTimeOffset.UtcNow;
            _frozen = null;
        }
    }

    public bool IsFrozen { get { lock (_gate) return _frozen.HasValue; } }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            if (_frozen.HasValue) _frozen = _frozen.Value + by;
            else _offset += by;
        }
    }
}
