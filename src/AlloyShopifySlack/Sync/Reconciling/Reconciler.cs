using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Sync.Planning;

namespace AlloyShopifySlack.Sync.Reconciling;

/// <summary>
/// Settles what may already be in a channel before anything is posted: pending intents of earlier runs (a
/// digest's members together), orders older than the ledger remembers, and every order of a first run (an
/// empty sync state may be a lost one). One history pass per channel looks for all of them, within the
/// reconcile budget. Found → sent; not there → posted by this run like any new alert; not known (the pass
/// failed or ran out of time before reaching it) → left pending, never posted blind.
/// </summary>
internal sealed class Reconciler(SyncRunContext run)
{
    private readonly SyncRunContext _run = run;
    private readonly ChannelHistoryLookup _history = new ChannelHistoryLookup(run);

    public async Task ReconcileAsync(SyncPlan plan, CancellationToken cancellationToken)
    {
        var items = plan.Work.Where(w => w.NeedsLookup).ToList();
        if (items.Count == 0) return;
        var deadline = _run.Clock.UtcNow + _run.Options.ReconcileBudget;
        var channels = items.GroupBy(LookupChannel, StringComparer.Ordinal)
            .Select(g => ReconcileChannelAsync(g.Key, g.ToList(), deadline, cancellationToken)).ToList();
        await Task.WhenAll(channels).ConfigureAwait(false);
    }

    private async Task ReconcileChannelAsync(string channel, List<WorkItem> items, DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        await Task.Yield(); // the channels look side by side
        var lookup = await _history.LookInChannelAsync(channel, items, deadline, cancellationToken).ConfigureAwait(false);
        var now = _run.Clock.UtcNow;
        var found = new List<WorkItem>();
        var unknown = new List<WorkItem>();
        var changes = new List<LedgerEntry>();
        foreach (var item in items)
        {
            var digest = ChannelHistoryLookup.PendingDigest(item);
            var ts = (digest != null ? lookup.Find(AlertKey.ForDigest(digest)) : null) ?? lookup.Find(AlertKey.ForOrder(item.OrderId));
            if (ts != null)
            {
                item.Entry = _run.Sent(item, channel, ts, digest, now);
                changes.Add(item.Entry);
                item.Handled = true;
                item.Channel = channel;
                _run.Tally.ReconciledOne();
                _run.Tally.Record(_run.Outcome(item, AlertStatus.Duplicate, ts, "found in the channel: already posted"));
                found.Add(item);
            }
            else if (lookup.Covers(_history.LookupStart(item)))
            {
                item.NeedsLookup = false;
                if (item.Order != null) continue; // not there: posted below like a new alert
                item.Handled = true;
                var failed = _run.Failed(item, "the order can no longer be read from Shopify, so it cannot be posted", FailureScope.Order);
                changes.Add(failed);
                _run.Tally.Record(_run.Outcome(item, AlertStatus.Failed, null, "not posted", failed.LastError, null, failed));
            }
            else
            {
                item.Handled = true; // a pending entry stays as it is; an order the state did not know becomes pending
                if (item.Entry?.Status != LedgerStatus.Pending)
                {
                    item.Entry = Unchecked(item, channel, now);
                    changes.Add(item.Entry);
                }
                unknown.Add(item);
            }
        }
        if (changes.Count > 0) _run.Ledger.Put(changes, durable: false);
        if (found.Count > 0) _run.Say.Bullet($"{SyncRunContext.Names(found)} already in {channel}: not posted again");
        if (unknown.Count == 0) return;
        var note = $"could not finish looking in {channel} for an earlier post ({lookup.Incomplete}); not posted, the next run looks again";
        foreach (var item in unknown)
            _run.Tally.Record(_run.Outcome(item, AlertStatus.Pending, item.Entry?.Ts, "not checked", note, lookup.Failure),
                reportError: false);
        _run.Tally.NotChecked(unknown.Count);
        _run.Tally.Error($"{unknown.Count} alert(s) for {channel} left pending ({SyncRunContext.Names(unknown)}): {note}.");
        _run.Say.Problem($"{SyncRunContext.Names(unknown)} → {channel}: {note}");
    }

    /// <summary>Where an item's message would be: a pending intent's channel, else the order's route.</summary>
    private static string LookupChannel(WorkItem item) => item.Entry?.Status == LedgerStatus.Pending ? item.Entry.Channel : item.Channel;

    /// <summary>An order the state did not know, not yet checked: pending, so that the next run looks before posting.</summary>
    private static LedgerEntry Unchecked(WorkItem item, string channel, DateTimeOffset now) => item.EntryAt(now) with
    {
        Channel = channel, Status = LedgerStatus.Pending, IntentAt = item.CreatedAt, UpdatedAt = now,
        LastError = "not yet looked for in the channel (the sync state did not know it)",
    };
}
