using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Sync.Planning;
using AlloyShopifySlack.Sync.Reporting;

namespace AlloyShopifySlack.Sync;

/// <summary>
/// What the parts of one run share: the ports, the options, the open ledger, the tally and the narration, and the
/// one flag that stops every channel when Slack or Alloy says the run cannot go on.
/// </summary>
internal sealed class SyncRunContext(OrderSyncDependencies deps, OrderSyncOptions options, IOrderLedger ledger, RunTally tally,
    SyncNarrator say)
{
    private volatile bool _stopped;

    public OrderSyncDependencies Deps => deps;
    public OrderSyncOptions Options => options;
    public IClock Clock => deps.Clock;
    public IOrderLedger Ledger => ledger;
    public RunTally Tally => tally;
    public SyncNarrator Say => say;

    /// <summary>A failure said the credential or the workspace is unusable: no channel posts anything more this run.</summary>
    public bool Stopped => _stopped;
    public void StopAll() => _stopped = true;

    /// <summary>Posted, or found in the channel; an alert whose intent recorded what it shows keeps that.</summary>
    public LedgerEntry Sent(WorkItem item, string channel, string ts, string? digestId, DateTimeOffset now) =>
        item.EntryAt(now).ToSent(channel, ts, digestId, now, item.Order != null ? OrderSnapshot.Of(item.Order, Options.TagOrders) : null);

    /// <summary>One failed attempt of an item, with the retry time the failure's scope allows.</summary>
    public LedgerEntry Failed(WorkItem item, string error, FailureScope scope)
    {
        var now = Clock.UtcNow;
        return item.EntryAt(now).ToFailed(item.Channel, error, now,
            (attempts, firstFailed) => FailurePolicy.NextAttempt(scope, attempts, firstFailed, now, Options));
    }

    public AlertOutcome Outcome(WorkItem item, AlertStatus status, string? ts, string detail, string? error = null,
        Exception? exception = null,
        LedgerEntry? entry = null) => new AlertOutcome
    {
        OrderId = item.OrderId, OrderName = item.OrderName, Total = item.Total, Currency = item.Currency, Channel = item.Channel,
        Status = status, Ts = ts, DigestId = entry?.DigestId ?? item.Entry?.DigestId, Detail = detail, Error = error,
        ErrorId = exception != null ? FailurePolicy.ErrorId(exception) : error != null ? "OrderAlertFailed" : null,
        Exception = exception,
        Attempts = entry?.Attempts ?? item.Entry?.Attempts ?? 0, NextAttemptAt = entry?.NextAttemptAt, At = Clock.UtcNow,
    };

    /// <summary>Looks in one channel, counting the history calls; a failure of the port itself is a lookup that read nothing.</summary>
    public async Task<AlertLookup> LookUpAsync(string channel, IReadOnlyCollection<AlertKey> keys, HistoryWindow window,
        DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        var distinct = keys.GroupBy(k => k.Id).Select(g => g.First()).ToList();
        AlertLookup lookup;
        try
        {
            lookup = await Deps.Poster.LookUpAsync(channel, distinct, window, deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (AlloyException ex)
        {
            lookup = AlertLookup.Failed(ex);
        }
        Tally.Lookups(lookup.Calls);
        return lookup;
    }

    /// <summary>Every order of a read, each once (pages may overlap).</summary>
    public static async Task<List<ShopifyOrder>> ReadAllAsync(IAsyncEnumerable<ShopifyOrder> source, CancellationToken cancellationToken)
    {
        var orders = new List<ShopifyOrder>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var order in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            if (seen.Add(order.Id)) orders.Add(order);
        return orders;
    }

    public static string Names(IReadOnlyList<WorkItem> items) =>
        items.Count <= 3 ? string.Join(", ", items.Select(i => i.OrderName)) : $"{items[0].OrderName} and {items.Count - 1} more";
}
