using AlloyShopifySlack.Slack.Pacing;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync.Adapters;

/// <summary>
/// Keeps each channel's learned pace in the sync state (fact slack.pace/&lt;channel&gt;): a run starts the pacer
/// with what earlier runs learned, and records a pace when Slack's answers change it. Thread-safe.
/// </summary>
internal sealed class SlackPaceFacts
{
    private readonly SlackPacer _pacer;
    private readonly object _gate = new object();
    private readonly Dictionary<string, string> _recorded = new Dictionary<string, string>(StringComparer.Ordinal);
    private IOrderLedger? _ledger;

    public SlackPaceFacts(SlackPacer pacer) { _pacer = pacer; }

    public void Use(IOrderLedger ledger, bool record)
    {
        lock (_gate)
        {
            _ledger = record ? ledger : null;
            _recorded.Clear();
            foreach (var fact in ledger.Facts)
            {
                if (!fact.Key.StartsWith(LearnedFacts.SlackPacePrefix, StringComparison.Ordinal)) continue;
                _recorded[fact.Key] = fact.Value;
                if (TryParse(fact.Value, out var interval, out var burst))
                    _pacer.Assume(fact.Key.Substring(LearnedFacts.SlackPacePrefix.Length), interval, burst);
            }
        }
    }

    /// <summary>After a post to <paramref name="channel"/>: records its pace if it is learned and not the one recorded.</summary>
    public void Record(string channel)
    {
        var learned = _pacer.Describe(channel);
        if (learned.ProvenInterval == null || learned.Burst == null) return;
        var value = learned.ProvenInterval.Value.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture) + ";" +
                    learned.Burst.Value.ToString(CultureInfo.InvariantCulture);
        var name = LearnedFacts.SlackPacePrefix + channel;
        lock (_gate)
        {
            if (_ledger == null || (_recorded.TryGetValue(name, out var known) && known == value)) return;
            _ledger.SetFact(name, value);
            _recorded[name] = value;
        }
    }

    private static bool TryParse(string value, out TimeSpan interval, out int burst)
    {
        interval = TimeSpan.Zero;
        burst = 0;
        var parts = value.Split(';');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0
                || seconds > 3600
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out burst) || burst < 1)
            return false;
        interval = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }
}
