using System.Text.Json.Serialization;

namespace AlloyShopifySlack.Emulator.Infrastructure;

[JsonConverter(typeof(JsonStringEnumConverter<FaultKind>))]
public enum FaultKind
{
    /// <summary>Adds <see cref="FaultRule.LatencyMs"/> before answering.</summary>
    Latency,
    /// <summary>Answers <see cref="FaultRule.StatusCode"/> (default 500) without doing anything.</summary>
    HttpError,
    /// <summary>Does the work (a chat_postMessage stores its message), then answers 502: the caller cannot know.</summary>
    Ambiguous,
    /// <summary>Does the work, then answers 200 with a body that is not JSON.</summary>
    MalformedJson,
    /// <summary>Does the work, then answers 200 with the JSON cut in half.</summary>
    TruncatedJson,
    /// <summary>401 on everything, as if the key had been revoked.</summary>
    RevokedKey,
    /// <summary>429, with Retry-After <see cref="FaultRule.RetryAfterSeconds"/> when set, without it otherwise.</summary>
    RateLimit,
    /// <summary>Slack answers HTTP 200 {ok:false, error:<see cref="FaultRule.SlackError"/>} (optionally for one channel).</summary>
    SlackError,
}

/// <summary>One injected failure. Matches every request unless <see cref="Action"/> or <see cref="Channel"/> narrow it.</summary>
public sealed class FaultRule
{
    public string Id { get; set; } = Ids.NewToken()[..8];
    public FaultKind Kind { get; set; }
    /// <summary>"chat_postMessage", "slack/chat_postMessage", or an endpoint such as "GET /users"; null = every request.</summary>
    public string? Action { get; set; }
    /// <summary>Slack channel the fault is limited to (Slack actions only).</summary>
    public string? Channel { get; set; }
    /// <summary>How many more times it fires; null = until removed.</summary>
    public int? Count { get; set; }
    public double Probability { get; set; } = 1.0;
    public int LatencyMs { get; set; }
    public int? StatusCode { get; set; }
    public int? RetryAfterSeconds { get; set; }
    /// <summary>Send Retry-After as an HTTP date instead of seconds.</summary>
    public bool RetryAfterAsDate { get; set; }
    public string? SlackError { get; set; }
    /// <summary>How often it has fired.</summary>
    public int Fired { get; set; }

    internal bool Matches(string requestKey, string? channel)
    {
        if (Action != null && Action != "*")
        {
            var actionId = requestKey.Contains('/') && !requestKey.Contains(' ') ? requestKey[(requestKey.IndexOf('/') + 1)..] : requestKey;
            if (!string.Equals(Action, requestKey, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(Action, actionId, StringComparison.OrdinalIgnoreCase)) return false;
        }
        return Channel == null || string.Equals(Channel, channel, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The injected faults. Thread-safe; probabilities use a seeded random so that runs repeat.</summary>
public sealed class FaultBook
{
    private readonly object _gate = new();
    private readonly List<FaultRule> _rules = new();
    private Random _random;

    public FaultBook(int seed) => _random = new Random(seed);

    public IReadOnlyList<FaultRule> Rules { get { lock (_gate) return _rules.ToList(); } }

    public FaultRule Add(FaultRule rule)
    {
        lock (_gate) _rules.Add(rule);
        return rule;
    }

    public FaultRule Add(FaultKind kind, string? action = null, int? count = null, Action<FaultRule>? configure = null)
    {
        var rule = new FaultRule { Kind = kind, Action = action, Count = count };
        configure?.Invoke(rule);
        return Add(rule);
    }

    public bool Remove(string id) { lock (_gate) return _rules.RemoveAll(r => r.Id == id) > 0; }

    public void Clear(int? reseed = null)
    {
        lock (_gate)
        {
            _rules.Clear();
            if (reseed.HasValue) _random = new Random(reseed.Value);
        }
    }

    /// <summary>The rules of these kinds that fire for this request (counts are used up here).</summary>
    public List<FaultRule> Fire(string requestKey, string? channel, params FaultKind[] kinds)
    {
        var fired = new List<FaultRule>();
        lock (_gate)
        {
            foreach (var rule in _rules.Where(r => kinds.Contains(r.Kind) && r.Matches(requestKey, channel)).ToList())
            {
                if (rule.Count is <= 0) continue;
                if (rule.Probability < 1.0 && _random.NextDouble() >= rule.Probability) continue;
                rule.Fired++;
                if (rule.Count.HasValue) rule.Count--;
                fired.Add(rule);
            }
        }
        return fired;
    }
}
