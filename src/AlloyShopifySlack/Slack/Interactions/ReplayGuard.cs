using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>
/// Remembers the signatures of accepted requests until their timestamps fall out of the tolerance window, so that a
/// captured request cannot be sent again while it is still fresh. Bounded: past <see cref="Capacity"/> the oldest
/// entries go first (only correctly signed requests are recorded, so only Slack itself can fill it). With a
/// <see cref="ReplayJournal"/> the cache survives a restart of the listener.
/// </summary>
public sealed class ReplayGuard
{
    public const int DefaultCapacity = 50_000;

    private readonly object _gate = new object();
    private readonly Dictionary<string, DateTimeOffset> _seen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
    private readonly Queue<KeyValuePair<string, DateTimeOffset>> _order = new Queue<KeyValuePair<string, DateTimeOffset>>();
    private readonly IClock _clock;
    private readonly ReplayJournal? _journal;

    public ReplayGuard(IClock? clock = null, int capacity = DefaultCapacity, ReplayJournal? journal = null)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        _clock = clock ?? SystemClock.Instance;
        Capacity = capacity;
        _journal = journal;
        if (journal == null) return;
        foreach (var entry in journal.Load(_clock.UtcNow))
        {
            _seen[entry.Key] = entry.Value;
            _order.Enqueue(entry);
        }
    }

    public int Capacity { get; }

    public int Count
    {
        get { lock (_gate) return _seen.Count; }
    }

    /// <summary>Records a signature; false when it was already recorded and has not expired.</summary>
    public bool TryRecord(string signature, DateTimeOffset expiresAt)
    {
        lock (_gate)
        {
            Prune(_clock.UtcNow);
            var key = ReplayJournal.Key(signature);
            if (_seen.TryGetValue(key, out var expiry) && expiry >= _clock.UtcNow) return false;
            while (_seen.Count >= Capacity && _order.Count > 0) Forget(_order.Dequeue());
            _seen[key] = expiresAt;
            _order.Enqueue(new KeyValuePair<string, DateTimeOffset>(key, expiresAt));
            _journal?.Append(key, expiresAt);
            return true;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        while (_order.Count > 0 && _order.Peek().Value < now) Forget(_order.Dequeue());
    }

    private void Forget(KeyValuePair<string, DateTimeOffset> entry)
    {
        // The same signature may have been re-recorded after expiring; only drop the entry this queue item stands for.
        if (_seen.TryGetValue(entry.Key, out var expiry) && expiry == entry.Value) _seen.Remove(entry.Key);
    }
}
