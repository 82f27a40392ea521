using System.Collections.Concurrent;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Cmdlets.Completion;

/// <summary>A value offered to tab completion: what is inserted, what the list shows, and a tooltip.</summary>
internal sealed record CompletionItem(string Value, string ListText, string ToolTip);

/// <summary>
/// Lists for tab completion, cached briefly per connection and bounded in time: the prompt waits at most
/// <see cref="Budget"/>; a slower fetch goes on in the background and fills the cache for the next Tab, and
/// meanwhile the last (possibly stale) list, or nothing, is offered. Failures are swallowed: completion never throws.
/// </summary>
internal static class CompletionCache
{
    private static readonly ConcurrentDictionary<string, Entry> Entries = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);

    public static TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(60);
    public static TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(1.5);
    public static TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(20);
    public static IClock Clock { get; set; } = SystemClock.Instance;

    public static IReadOnlyList<CompletionItem> Get(string key, Func<CancellationToken, Task<IReadOnlyList<CompletionItem>>> fetch)
    {
        var entry = Entries.GetOrAdd(key, _ => new Entry());
        Task refresh;
        lock (entry)
        {
            if (entry.Values != null && Clock.UtcNow - entry.FetchedAt < Lifetime) return entry.Values;
            if (entry.Refresh == null || entry.Refresh.IsCompleted) entry.Refresh = RefreshAsync(entry, fetch);
            refresh = entry.Refresh;
        }
        try { refresh.Wait(Budget); }
        catch (AggregateException) { }
        lock (entry) return entry.Values ?? Array.Empty<CompletionItem>();
    }

    public static void Clear() => Entries.Clear();

    private static Task RefreshAsync(Entry entry, Func<CancellationToken, Task<IReadOnlyList<CompletionItem>>> fetch) =>
        Task.Run(async () =>
    {
        using var timeout = new CancellationTokenSource(FetchTimeout);
        try
        {
            var values = await fetch(timeout.Token).ConfigureAwait(false);
            lock (entry)
            {
                entry.Values = values;
                entry.FetchedAt = Clock.UtcNow;
            }
        }
        catch (Exception)
        {
            // No key, no network, an unknown connector: offer nothing rather than disturb the prompt.
        }
    });

    private sealed class Entry
    {
        public IReadOnlyList<CompletionItem>? Values;
        public DateTimeOffset FetchedAt;
        public Task? Refresh;
    }
}
