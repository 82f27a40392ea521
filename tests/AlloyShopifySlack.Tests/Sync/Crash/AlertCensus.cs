using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Shopify;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Tests.Sync.Crash;

/// <summary>The orders a test put in the emulator's store, and what its Slack workspace received for them.</summary>
public sealed class AlertCensus
{
    private readonly EmulatorServer _emulator;
    private readonly HashSet<string> _qualifying = new();
    private readonly HashSet<string> _other = new();

    public AlertCensus(EmulatorServer emulator) { _emulator = emulator; }

    public int Qualifying => _qualifying.Count;

    /// <summary>The qualifying orders, with the total each was alerted at.</summary>
    public IReadOnlyDictionary<string, decimal> Alerted => _totals;

    private readonly Dictionary<string, decimal> _totals = new();

    /// <summary>Adds orders created just now (a second apart) of one total, neither test nor cancelled.</summary>
    public void Add(int count, decimal total, decimal threshold = 500m)
    {
        var overrides = new OrderOverrides { Total = total, Test = false, Cancelled = false };
        foreach (var order in _emulator.State.Shopify.AddGenerated(count, DateTimeOffset.UtcNow.AddMinutes(-1), overrides: overrides))
        {
            (total >= threshold ? _qualifying : _other).Add(order.Id);
            if (total >= threshold) _totals[order.Id] = total;
        }
    }

    /// <summary>
    /// Messages per order id, read as the client reads history: from the metadata when Slack kept it, and from the
    /// block ids (which carry the alert key when Alloy drops the metadata). A message with neither is "(no key)".
    /// </summary>
    public Dictionary<string, int> MessagesPerOrder()
    {
        var counts = new Dictionary<string, int>();
        foreach (var message in _emulator.State.Slack.AllMessages().Where(m => m.ThreadTs == null))
        {
            var json = JsonDocument.Parse(message.ToJson(_emulator.State.Slack.Identity, includeMetadata: true).ToJsonString()).RootElement;
            var numbers = MessageIdentity.Read(json).OrderNumbers;
            foreach (var id in numbers.Count == 0 ? new[] { "(no key)" } : numbers.Select(n => "gid://shopify/Order/" + n))
                counts[id] = counts.GetValueOrDefault(id) + 1;
        }
        return counts;
    }

    /// <summary>Every message, thread replies included.</summary>
    public int MessageCount => _emulator.State.Slack.AllMessages().Count;

    /// <summary>Orders with more than one message ("id×n").</summary>
    public IReadOnlyList<string> Doubled() => MessagesPerOrder().Where(c => c.Value > 1).Select(c => $"{c.Key}×{c.Value}").ToList();

    /// <summary>Every qualifying order alerted exactly once, nothing else alerted; a readable list of what is wrong otherwise.</summary>
    public string Verdict()
    {
        var counts = MessagesPerOrder();
        var missing = _qualifying.Where(id => !counts.ContainsKey(id)).ToList();
        var doubled = counts.Where(c => c.Value > 1).Select(c => $"{c.Key}×{c.Value}").ToList();
        var stray = counts.Keys.Where(id => !_qualifying.Contains(id)).ToList();
        if (missing.Count == 0 && doubled.Count == 0 && stray.Count == 0) return "ok";
        return $"missing {missing.Count} [{string.Join(", ", missing.Take(5))}], doubled {doubled.Count} " +
            $"[{string.Join(", ", doubled.Take(5))}], stray {stray.Count} [{string.Join(", ", stray.Take(5))}]";
    }
}
