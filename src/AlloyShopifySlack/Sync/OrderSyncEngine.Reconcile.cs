using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync
{
    public sealed partial class OrderSyncEngine
    {
        /// <summary>
        /// Settles what may already be in a channel before anything is posted: pending intents of earlier runs (a
        /// digest's members together), orders older than the ledger remembers, and every order of a first run (an
        /// empty sync state may be a lost one). One history pass per channel looks for all of them, within the
        /// reconcile budget. Found → sent; not there → posted by this run like any new alert; not known (the pass
        /// failed or ran out of time before reaching it) → left pending, never posted blind.
        /// </summary>
        private async Task ReconcileAsync(SyncPlan plan, IOrderLedger ledger, RunTally tally, CancellationToken cancellationToken)
        {
            var items = plan.Work.Where(w => w.NeedsLookup).ToList();
            if (items.Count == 0) return;
            var deadline = _clock.UtcNow + _options.ReconcileBudget;
            var channels = items.GroupBy(LookupChannel, StringComparer.Ordinal)
                .Select(g => ReconcileChannelAsync(g.Key, g.ToList(), ledger, tally, deadline, cancellationToken)).ToList();
            await Task.WhenAll(channels).ConfigureAwait(false);
        }

        private async Task ReconcileChannelAsync(string channel, List<WorkItem> items, IOrderLedger ledger, RunTally tally, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            await Task.Yield(); // the channels look side by side
            var lookup = await LookInChannelAsync(channel, items, ledger, deadline, tally, cancellationToken).ConfigureAwait(false);
            var now = _clock.UtcNow;
            var found = new List<WorkItem>();
            var unknown = new List<WorkItem>();
            var changes = new List<LedgerEntry>();
            foreach (var item in items)
            {
                var digest = PendingDigest(item);
                var ts = (digest != null ? lookup.Find(AlertKey.ForDigest(digest)) : null) ?? lookup.Find(AlertKey.ForOrder(item.OrderId));
                if (ts != null)
                {
                    item.Entry = Settled(item, channel, ts, digest, now);
                    changes.Add(item.Entry);
                    item.Handled = true;
                    item.Channel = channel;
                    tally.ReconciledOne();
                    tally.Record(Outcome(item, AlertStatus.Duplicate, ts, "found in the channel: already posted"));
                    found.Add(item);
                }
                else if (lookup.Covers(LookupStart(item)))
                {
                    item.NeedsLookup = false;
                    if (item.Order != null) continue; // not there: posted below like a new alert
                    item.Handled = true;
                    var failed = FailedEntry(item, "the order can no longer be read from Shopify, so it cannot be posted", FailureScope.Order);
                    changes.Add(failed);
                    tally.Record(Outcome(item, AlertStatus.Failed, null, "not posted", failed.LastError, null, failed));
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
            if (changes.Count > 0) ledger.Put(changes, durable: false);
            if (found.Count > 0) _say.Bullet($"{Names(found)} already in {channel}: not posted again");
            if (unknown.Count == 0) return;
            var note = $"could not finish looking in {channel} for an earlier post ({lookup.Incomplete}); not posted, the next run looks again";
            foreach (var item in unknown)
                tally.Record(Outcome(item, AlertStatus.Pending, item.Entry?.Ts, "not checked", note, lookup.Failure), reportError: false);
            tally.NotChecked(unknown.Count);
            tally.Error($"{unknown.Count} alert(s) for {channel} left pending ({Names(unknown)}): {note}.");
            _say.Problem($"{Names(unknown)} → {channel}: {note}");
        }

        /// <summary>Where an item's message would be: a pending intent's channel, else the order's route.</summary>
        private static string LookupChannel(WorkItem item) => item.Entry?.Status == LedgerStatus.Pending ? item.Entry.Channel : item.Channel;

        private static string? PendingDigest(WorkItem item) => item.Entry?.Status == LedgerStatus.Pending ? item.Entry.DigestId : null;

        /// <summary>A message for it cannot be older than its intent (or, with no intent known, than the order), less the clock skew.</summary>
        private DateTimeOffset LookupStart(WorkItem item) =>
            (item.Entry?.Status == LedgerStatus.Pending ? item.Entry.IntentAt : item.CreatedAt) - _options.ReconcileSkew;

        /// <summary>An order the state did not know, not yet checked: pending, so that the next run looks before posting.</summary>
        private static LedgerEntry Unchecked(WorkItem item, string channel, DateTimeOffset now) => item.EntryAt(now) with
        {
            Channel = channel, Status = LedgerStatus.Pending, IntentAt = item.CreatedAt, UpdatedAt = now,
            LastError = "not yet looked for in the channel (the sync state did not know it)",
        };

        private LedgerEntry Settled(WorkItem item, string channel, string ts, string? digestId, DateTimeOffset now) =>
            item.EntryAt(now).ToSent(channel, ts, digestId, now, item.Order != null ? OrderSnapshot.Of(item.Order, _options.TagOrders) : null);

        private LedgerEntry FailedEntry(WorkItem item, string error, FailureScope scope)
        {
            var now = _clock.UtcNow;
            return item.EntryAt(now).ToFailed(item.Channel, error, now,
                (attempts, firstFailed) => FailurePolicy.NextAttempt(scope, attempts, firstFailed, now, _options));
        }

        private AlertOutcome Outcome(WorkItem item, AlertStatus status, string? ts, string detail, string? error = null, Exception? exception = null, LedgerEntry? entry = null) => new AlertOutcome
        {
            OrderId = item.OrderId, OrderName = item.OrderName, Total = item.Total, Currency = item.Currency, Channel = item.Channel,
            Status = status, Ts = ts, DigestId = entry?.DigestId ?? item.Entry?.DigestId, Detail = detail, Error = error,
            ErrorId = exception != null ? FailurePolicy.ErrorId(exception) : error != null ? "OrderAlertFailed" : null,
            Exception = exception,
            Attempts = entry?.Attempts ?? item.Entry?.Attempts ?? 0, NextAttemptAt = entry?.NextAttemptAt, At = _clock.UtcNow,
        };

        private static string Names(IReadOnlyList<WorkItem> items) =>
            items.Count <= 3 ? string.Join(", ", items.Select(i => i.OrderName)) : $"{items[0].OrderName} and {items.Count - 1} more";
    }
}
