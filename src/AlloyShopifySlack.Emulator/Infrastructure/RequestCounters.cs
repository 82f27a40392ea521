using System.Collections.Concurrent;

namespace AlloyShopifySlack.Emulator.Infrastructure;

/// <summary>How many requests each endpoint ("GET /users") and each action ("slack/chat_postMessage") received.</summary>
public sealed class RequestCounters
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);

    public void Increment(string key) => _counts.AddOrUpdate(key, 1, (_, n) => n + 1);

    /// <summary>The count for an endpoint or action key; an action id alone ("listOrders") also works.</summary>
    public int this[string key] => _counts.TryGetValue(key, out var n)
        ? n
        : _counts.Where(kv => kv.Key.EndsWith("/" + key, StringComparison.OrdinalIgnoreCase) && !kv.Key.Contains(' ')).Sum(kv => kv.Value);

    public IReadOnlyDictionary<string, int> Snapshot() => new SortedDictionary<string, int>(_counts, StringComparer.OrdinalIgnoreCase);

    public void Clear() => _counts.Clear();
}
