using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Sync;

/// <summary>What one look in a channel's history found, and how much of the window it read.</summary>
public sealed class AlertLookup
{
    /// <summary>The ts of the (newest) message found for each key, by <see cref="AlertKey.Id"/>.</summary>
    public IReadOnlyDictionary<string, string> Found { get; init; } = new Dictionary<string, string>();
    /// <summary>History calls made (the lookups a run reports).</summary>
    public int Calls { get; init; }
    /// <summary>The whole window was read (or everything looked for was found).</summary>
    public bool Complete { get; init; }
    /// <summary>Every message of the window newer than this ts was read.</summary>
    public string? CoveredFromTs { get; init; }
    /// <summary>Why the look ended early (time budget, a long rate limit, a failure): one sentence, or null.</summary>
    public string? Incomplete { get; init; }
    public Exception? Failure { get; init; }

    public string? Find(AlertKey key) => Found.TryGetValue(key.Id, out var ts) ? ts : null;

    /// <summary>True when every message posted after <paramref name="oldest"/> was read: not found then means not there.</summary>
    public bool Covers(DateTimeOffset oldest)
    {
        if (Complete) return true;
        return CoveredFromTs != null && SlackClient.CompareTs(CoveredFromTs, SlackClient.SlackTs(oldest)) <= 0;
    }

    public static AlertLookup Failed(Exception failure) => new AlertLookup { Incomplete = failure.Message, Failure = failure };
}
