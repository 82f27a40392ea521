using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Slack;

/// <summary>The fake Slack workspace: channels, the messages posted to them, and chat.postMessage's per-channel limit.</summary>
public sealed partial class SlackWorkspace
{
    public static readonly IReadOnlyList<SlackChannel> DefaultChannels = new[]
    {
        new SlackChannel("C0ALERTS001", "order-alerts"),
        new SlackChannel("C0VIPORDERS", "vip-orders"),
        new SlackChannel("C0OPSTEAM01", "ops"),
        new SlackChannel("C0SALES0001", "sales"),
        new SlackChannel("C0FINANCE01", "finance"),
        new SlackChannel("C0WHOLESALE", "wholesale"),
        new SlackChannel("C0NOTMEMBER", "private-no-bot", IsMember: false, IsPrivate: true),
        new SlackChannel("C0ARCHIVED1", "old-alerts", IsArchived: true),
    };

    private readonly object _gate = new();
    private readonly EmulatorClock _clock;
    private readonly List<SlackChannel> _channels = new();
    private readonly Dictionary<string, List<SlackStoredMessage>> _messages = new();
    private readonly Dictionary<string, TokenBucket> _buckets = new();
    private readonly Queue<DateTimeOffset> _workspacePosts = new();
    private long _lastMicros;

    public SlackWorkspace(EmulatorClock clock, EmulatorOptions options)
    {
        _clock = clock;
        _options = options;
        Reset();
    }

    private readonly EmulatorOptions _options;

    public SlackIdentity Identity { get; set; } = new();
    public bool RateLimitEnabled { get; set; }
    public double MessagesPerSecond { get; set; }
    public int Burst { get; set; }
    /// <summary>Posts the workspace takes in any minute, over all channels (when the rate limit is on); null = no limit.</summary>
    public int? WorkspaceMessagesPerMinute { get; set; }

    public IReadOnlyList<SlackChannel> Channels { get { lock (_gate) return _channels.ToList(); } }

    /// <summary>Seeded channels, no messages, full buckets, and the rate limit as the options say.</summary>
    public void Reset()
    {
        RateLimitEnabled = _options.SlackRateLimit;
        MessagesPerSecond = _options.SlackMessagesPerSecond;
        Burst = _options.SlackBurst;
        WorkspaceMessagesPerMinute = _options.SlackWorkspaceMessagesPerMinute;
        HistoryPageLimit = _options.SlackHistoryPageLimit;
        HistoryIntervalSeconds = _options.SlackHistoryIntervalSeconds;
        Identity = new SlackIdentity();
        lock (_gate)
        {
            _channels.Clear();
            _channels.AddRange(DefaultChannels);
            _messages.Clear();
            _buckets.Clear();
            _workspacePosts.Clear();
            _lastHistoryCall.Clear();
            _lastRepliesCall.Clear();
            _ephemeral.Clear();
        }
    }

    public SlackChannel AddChannel(string id, string name, bool isMember = true)
    {
        lock (_gate)
        {
            _channels.RemoveAll(c => c.Id == id);
            var channel = new SlackChannel(id, name, isMember);
            _channels.Add(channel);
            return channel;
        }
    }

    public SlackChannel? FindChannel(string? idOrName)
    {
        if (string.IsNullOrEmpty(idOrName)) return null;
        var name = idOrName.TrimStart('#');
        lock (_gate) return _channels.FirstOrDefault(c => c.Id == idOrName) ?? _channels.FirstOrDefault(c => c.Name == name);
    }

    /// <summary>Messages of one channel, oldest first (a snapshot).</summary>
    public IReadOnlyList<SlackStoredMessage> Messages(string channelId)
    {
        lock (_gate) return _messages.TryGetValue(channelId, out var list) ? list.ToList() : new List<SlackStoredMessage>();
    }

    /// <summary>Every message in the workspace, oldest first.</summary>
    public IReadOnlyList<SlackStoredMessage> AllMessages()
    {
        lock (_gate) return _messages.Values.SelectMany(m => m).OrderBy(m => m.Ts, StringComparer.Ordinal).ToList();
    }

    public SlackStoredMessage? FindMessage(string channelId, string ts)
    {
        lock (_gate) return _messages.TryGetValue(channelId, out var list) ? list.FirstOrDefault(m => m.Ts == ts) : null;
    }

    /// <summary>
    /// Takes a chat.postMessage token for the channel and a place in the workspace's minute, or says when to come
    /// back. A refused post takes neither.
    /// </summary>
    public bool TryTakePostToken(string channelId, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!RateLimitEnabled) return true;
        lock (_gate)
        {
            var now = _clock.UtcNow;
            while (_workspacePosts.Count > 0 && _workspacePosts.Peek() <= now - TimeSpan.FromMinutes(1)) _workspacePosts.Dequeue();
            if (WorkspaceMessagesPerMinute is { } perMinute && _workspacePosts.Count >= perMinute)
            {
                retryAfter = _workspacePosts.Peek() + TimeSpan.FromMinutes(1) - now;
                return false;
            }
            if (!_buckets.TryGetValue(channelId, out var bucket)) _buckets[channelId] = bucket = new TokenBucket(_clock, Burst);
            if (!bucket.TryTake(MessagesPerSecond, Burst, out retryAfter)) return false;
            if (WorkspaceMessagesPerMinute != null) _workspacePosts.Enqueue(now);
            return true;
        }
    }

    internal SlackStoredMessage Store(string channelId, Func<string, SlackStoredMessage> make)
    {
        lock (_gate)
        {
            var message = make(NextTs());
            if (!_messages.TryGetValue(channelId, out var list)) _messages[channelId] = list = new List<SlackStoredMessage>();
            list.Add(message);
            return message;
        }
    }

    /// <summary>Slack ts values: "seconds.micros", unique and increasing within the workspace.</summary>
    private string NextTs()
    {
        var micros = (_clock.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        _lastMicros = Math.Max(micros, _lastMicros + 1);
        return (_lastMicros / 1_000_000).ToString(CultureInfo.InvariantCulture) + "."
            + (_lastMicros % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    internal string NowTs()
    {
        var micros = (_clock.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        return (micros / 1_000_000).ToString(CultureInfo.InvariantCulture) + "."
            + (micros % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }
}
