using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Slack.Pacing;

/// <summary>
/// The pace of every Slack write of one workspace: one <see cref="ChannelPace"/> per channel (adaptive: a burst,
/// then what Slack's refusals teach) and one <see cref="WorkspaceWindow"/> over all channels. Waiting happens on
/// the clock. Writers share one pacer per workspace in a process (<see cref="ForWorkspace"/>): several sync
/// engines, the cmdlets and the listener then honour one workspace limit together. Thread-safe.
/// </summary>
public sealed class SlackPacer
{
    private static readonly ConditionalWeakTable<IClock, ConcurrentDictionary<string, SlackPacer>> Shared =
        new ConditionalWeakTable<IClock, ConcurrentDictionary<string, SlackPacer>>();

    private readonly IClock _clock;
    private readonly object _gate = new object();
    private readonly Dictionary<string, ChannelPace> _channels = new Dictionary<string, ChannelPace>(StringComparer.Ordinal);
    private readonly WorkspaceWindow? _workspace;

    public SlackPacer(IClock clock, SlackPacingOptions? options = null)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        Options = options ?? SlackPacingOptions.Default;
        if (Options.WorkspaceMessagesPerMinute != null) _workspace = new WorkspaceWindow(Options.WorkspaceMessagesPerMinute.Value,
            TimeSpan.FromMinutes(1));
    }

    public SlackPacingOptions Options { get; }

    /// <summary>The options of pacers made by <see cref="ForWorkspace"/> from now on (each keeps the options it was made with).</summary>
    public static SlackPacingOptions SharedOptions { get; set; } = SlackPacingOptions.Default;

    /// <summary>
    /// The pacer of one workspace (<paramref name="workspace"/>: anything that names it, such as the Alloy server,
    /// user and Slack credential) on <paramref name="clock"/>, made on first use and shared from then on.
    /// </summary>
    public static SlackPacer ForWorkspace(string workspace, IClock clock)
    {
        if (clock == null) throw new ArgumentNullException(nameof(clock));
        var pacers = Shared.GetValue(clock, _ => new ConcurrentDictionary<string, SlackPacer>(StringComparer.Ordinal));
        return pacers.GetOrAdd(workspace ?? string.Empty, _ => new SlackPacer(clock, SharedOptions));
    }

    /// <summary>
    /// Waits (on the clock) until the channel and the workspace may take one more message, and takes the slot.
    /// <paramref name="limit"/> is the caller's own ceiling, if any.
    /// </summary>
    public async Task WaitTurnAsync(string channel, ChannelLimit? limit, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var wait = Reserve(channel, limit);
        if (wait > TimeSpan.Zero) await _clock.Delay(wait, ct).ConfigureAwait(false);
        // A refusal of a message sent meanwhile (another caller on the channel) may have blocked it further.
        for (var blocked = BlockedFor(channel); blocked > TimeSpan.Zero; blocked = BlockedFor(channel))
            await _clock.Delay(blocked, ct).ConfigureAwait(false);
    }

    /// <summary>Reserves the next slot of the channel (and of the workspace) and says how long until it comes.</summary>
    public TimeSpan Reserve(string channel, ChannelLimit? limit = null)
    {
        var now = _clock.UtcNow;
        lock (_gate)
        {
            var pace = Pace(channel);
            var at = pace.Earliest(now, limit);
            if (_workspace != null)
            {
                at = _workspace.Earliest(at, now);
                _workspace.Take(at);
            }
            pace.Take(at, limit);
            return at - now;
        }
    }

    /// <summary>Slack accepted a message to the channel.</summary>
    public void Accepted(string channel)
    {
        var now = _clock.UtcNow;
        lock (_gate) Pace(channel).Accept(now);
    }

    /// <summary>
    /// Slack refused a message to the channel as rate limited (<paramref name="retryAfter"/>: its Retry-After, when
    /// it gave one). The channel learns from it. Returns the wait before the channel takes a message again.
    /// </summary>
    public TimeSpan Refused(string channel, TimeSpan? retryAfter)
    {
        var now = _clock.UtcNow;
        lock (_gate) return Pace(channel).Refused(now, retryAfter);
    }

    /// <summary>
    /// Starts a channel that this pacer has not learned yet with a pace learned earlier (a sync run's, kept in its
    /// state), so that a new process does not spend a refusal to learn it again. False when the channel has its own.
    /// </summary>
    public bool Assume(string channel, TimeSpan interval, int burst)
    {
        lock (_gate) return Pace(channel).Assume(interval, burst);
    }

    /// <summary>What the pacer has learned of a channel (for diagnostics and tests).</summary>
    public ChannelPaceInfo Describe(string channel)
    {
        lock (_gate)
        {
            var pace = Pace(channel);
            return new ChannelPaceInfo(channel, pace.Interval, pace.Interval == null ? (int?)null : pace.Burst,
                pace.Accepted, pace.Refusals)
            {
                ProvenInterval = pace.ProvenInterval,
            };
        }
    }

    private TimeSpan BlockedFor(string channel)
    {
        var now = _clock.UtcNow;
        lock (_gate) return _channels.TryGetValue(channel, out var pace) && pace.BlockedUntil > now ? pace.BlockedUntil - now
            : TimeSpan.Zero;
    }

    private ChannelPace Pace(string channel)
    {
        if (!_channels.TryGetValue(channel, out var pace)) _channels[channel] = pace = new ChannelPace(Options);
        return pace;
    }
}

/// <summary>A channel's learned limit: null interval while Slack has never refused it.</summary>
/// <param name="Accepted">Messages Slack took on this channel through this pacer.</param>
/// <param name="Refusals">Messages Slack refused on this channel as rate limited.</param>
public sealed record ChannelPaceInfo(string Channel, TimeSpan? Interval, int? Burst, int Accepted, int Refusals)
{
    /// <summary>The learned interval Slack has taken (while a faster one is being tried, the one before it).</summary>
    public TimeSpan? ProvenInterval { get; init; }

    public override string ToString() => Interval == null
        ? $"{Channel}: no limit met in {Accepted} message(s)"
        : $"{Channel}: {1 / Interval.Value.TotalSeconds:0.##} message(s)/s, burst {Burst}; {Accepted} accepted, {Refusals} refused";
}
