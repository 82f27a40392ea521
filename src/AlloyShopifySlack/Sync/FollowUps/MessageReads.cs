using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Sync;

/// <summary>Messages as they are in a channel now, by ts, and how much of what was asked for was read.</summary>
public sealed class MessageRead
{
    public IReadOnlyDictionary<string, JsonObject> Messages { get; init; } = new Dictionary<string, JsonObject>();
    public int Calls { get; init; }
    /// <summary>Every window was read (a ts asked for and not in <see cref="Messages"/> is not in the channel).</summary>
    public bool Complete { get; init; }
    public string? Incomplete { get; init; }
    public Exception? Failure { get; init; }

    public static MessageRead Failed(Exception failure) => new MessageRead { Incomplete = failure.Message, Failure = failure };
}

/// <summary>One thread as it is now: its parent, and the ts of the replies that carry the keys looked for.</summary>
public sealed class ThreadRead
{
    public JsonObject? Parent { get; init; }
    /// <summary>Slack says there is no such message (it was deleted).</summary>
    public bool ParentGone { get; init; }
    /// <summary>By <see cref="AlertKey.Id"/>.</summary>
    public IReadOnlyDictionary<string, string> Found { get; init; } = new Dictionary<string, string>();
    public int Calls { get; init; }
    public bool Complete { get; init; }
    public string? Incomplete { get; init; }
    public Exception? Failure { get; init; }

    public string? Find(AlertKey key) => Found.TryGetValue(key.Id, out var ts) ? ts : null;

    public static ThreadRead Failed(Exception failure) => new ThreadRead { Incomplete = failure.Message, Failure = failure };
}

/// <summary>
/// Which parts of a channel's history to read to get a set of messages back: neighbours share one window, and a
/// message far from the others (more known alerts between them than one history call returns under Slack's
/// strictest limit, 15) is read alone, between its own ts and the next microsecond.
/// </summary>
internal static class ReadWindows
{
    public const int MessagesPerCall = 15;

    /// <param name="wanted">The ts to read back.</param>
    /// <param name="known">Every alert ts the ledger knows in the channel, to judge how far apart the wanted ones are.</param>
    public static IReadOnlyList<HistoryWindow> For(IEnumerable<string> wanted, IEnumerable<string> known)
    {
        var ordered = wanted.Distinct(StringComparer.Ordinal).OrderBy(Value).ToList();
        var all = known.Distinct(StringComparer.Ordinal).Select(Value).OrderBy(v => v).ToList();
        var windows = new List<HistoryWindow>();
        var start = 0;
        for (var n = 1; n <= ordered.Count; n++)
        {
            if (n < ordered.Count && Between(all, Value(ordered[n - 1]), Value(ordered[n])) < MessagesPerCall) continue;
            windows.Add(new HistoryWindow(Shift(ordered[start], -1), Shift(ordered[n - 1], +1)));
            start = n;
        }
        return windows;
    }

    /// <summary>Known messages strictly between two ts.</summary>
    private static int Between(List<decimal> all, decimal low, decimal high)
    {
        var from = all.BinarySearch(low);
        var to = all.BinarySearch(high);
        from = from < 0 ? ~from : from + 1;
        to = to < 0 ? ~to : to;
        return Math.Max(0, to - from);
    }

    private static decimal Value(string ts) => decimal.Parse(ts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    /// <summary>A ts one microsecond earlier or later (history bounds are exclusive).</summary>
    private static string Shift(string ts, int micros) =>
        (Value(ts) + micros * 0.000001m).ToString("0.000000", CultureInfo.InvariantCulture);
}
