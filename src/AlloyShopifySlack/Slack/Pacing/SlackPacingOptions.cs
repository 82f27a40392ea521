namespace AlloyShopifySlack.Slack.Pacing;

/// <summary>How a <see cref="SlackPacer"/> learns and honours Slack's limits. The defaults fit Slack's documented limits.</summary>
public sealed class SlackPacingOptions
{
    public static readonly SlackPacingOptions Default = new SlackPacingOptions();

    /// <summary>
    /// Messages the whole workspace takes in any minute, over all channels (Slack allows several hundred; the
    /// exact figure is not published). Null: no workspace limit.
    /// </summary>
    public int? WorkspaceMessagesPerMinute { get; init; } = 300;

    /// <summary>
    /// Slack's documented pace for one channel (one message a second). The first refusal of a channel is read as
    /// this interval, or as Slack's wait when that is shorter: a long wait says when, not how often.
    /// </summary>
    public TimeSpan AssumedInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Added to a learned interval (a fraction of it): Slack counts arrivals, which jitter a little.</summary>
    public double MarginFraction { get; init; } = 0.005;

    /// <summary>After this many accepted messages at a learned interval the pacer tries a faster one.</summary>
    public int ProbeAfter { get; init; } = 5;

    /// <summary>The faster interval tried: the current one times this (0.9: 11% more messages a second).</summary>
    public double ProbeFactor { get; init; } = 0.9;

    /// <summary>A refusal at an interval already proven slows the channel by this factor.</summary>
    public double SlowDownFactor { get; init; } = 1.25;

    /// <summary>Learned intervals stay within these bounds.</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromMilliseconds(50);
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A learned burst is capped here (a bucket that never ran dry says nothing of its size).</summary>
    public int MaxBurst { get; init; } = 100;
}

/// <summary>
/// A caller's own ceiling for one channel (-ChannelRate, -ChannelBurst): never faster than this, whatever Slack
/// would allow. Null members: no ceiling of that kind.
/// </summary>
public sealed class ChannelLimit
{
    public ChannelLimit(double? messagesPerSecond, int? burst = null)
    {
        if (messagesPerSecond != null && (messagesPerSecond <= 0 || double.IsNaN(messagesPerSecond.Value)
            || double.IsInfinity(messagesPerSecond.Value)))
            throw new ArgumentOutOfRangeException(nameof(messagesPerSecond), messagesPerSecond,
                "The rate must be a positive number of messages per second.");
        if (burst != null && burst < 1) throw new ArgumentOutOfRangeException(nameof(burst), burst, "The burst must be at least 1.");
        MessagesPerSecond = messagesPerSecond;
        Burst = burst;
    }

    public double? MessagesPerSecond { get; }
    public int? Burst { get; }

    internal TimeSpan Interval => MessagesPerSecond == null ? TimeSpan.Zero
        : TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / MessagesPerSecond.Value));

    /// <summary>Null when neither is given (no ceiling at all).</summary>
    public static ChannelLimit? From(double? messagesPerSecond, int? burst) =>
        messagesPerSecond == null && burst == null ? null : new ChannelLimit(messagesPerSecond, burst);
}
