using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync
{
    public sealed partial class OrderSyncEngine
    {
        /// <summary>
        /// Settles what may already be in a channel before anything is posted: pending intents of earlier runs (a
        /// digest's members together) and orders older than the ledger remembers. Found → sent; not found → posted
        /// by this run like any new alert; the lookup failing → left as it is (never posted blind).
        /// </summary>
        private async Task ReconcileAsync(SyncPlan plan, IOrderLedger ledger, RunTally tally, CancellationToken cancellationToken)
        {
            var groups = plan.Work.Where(w => w.NeedsLookup)
                .GroupBy(w => w.Entry?.Status == LedgerStatus.Pending && w.Entry.DigestId != null ? "digest:" + w.Entry.DigestId : "order:" + w.OrderId)
                .ToList();
            foreach (var group in groups)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var items = group.ToList();
                var first = items[0];
                var pending = first.Entry?.Status == LedgerStatus.Pending ? first.Entry : null;
                var channel = pending?.Channel ?? first.Channel;
                var key = pending?.DigestId != null ? AlertKey.ForDigest(pending.DigestId) : AlertKey.ForOrder(first.OrderId);
                var oldest = (pending?.IntentAt ?? first.CreatedAt) - _options.ReconcileSkew;
                string? ts;
                try
                {
                    ts = await _deps.Poster.FindExistingAsync(channel, key, oldest, cancellationToken).ConfigureAwait(false);
                }
                catch (AlloyException ex)
                {
                    foreach (var item in items)
                    {
                        item.Handled = true; // left exactly as it is: pending stays pending, an unknown order waits
                        tally.Record(Outcome(item, AlertStatus.Pending, item.Entry?.Ts, "not checked",
                            $"could not look in {channel} for an earlier post ({ex.Message}); not posted, the next run looks again", ex));
                    }
                    continue;
                }

                if (ts != null)
                {
                    var now = _clock.UtcNow;
                    var settled = items.Select(i => Settled(i, channel, ts, pending?.DigestId, now)).ToList();
                    ledger.Put(settled, durable: false);
                    foreach (var item in items)
                    {
                        item.Handled = true;
                        item.Channel = channel;
                        tally.ReconciledOne();
                        tally.Record(Outcome(item, AlertStatus.Duplicate, ts, "found in the channel: already posted"));
                    }
                    _say.Bullet($"{Names(items)} already in {channel} (ts {ts}): not posted again");
                    continue;
                }

                foreach (var item in items)
                {
                    item.NeedsLookup = false;
                    if (item.Order != null) continue; // posted below like a new alert
                    item.Handled = true;
                    var failed = FailedEntry(item, "the order can no longer be read from Shopify, so it cannot be posted", FailureScope.Order);
                    ledger.Put(failed, durable: false);
                    tally.Record(Outcome(item, AlertStatus.Failed, null, "not posted", failed.LastError, null, failed));
                }
            }
        }

        private LedgerEntry Settled(WorkItem item, string channel, string ts, string? digestId, DateTimeOffset now)
        {
            var previous = item.Entry;
            return new LedgerEntry
            {
                OrderId = item.OrderId, OrderName = item.OrderName, CreatedAt = item.CreatedAt, Total = item.Total, Currency = item.Currency,
                Channel = channel, Status = LedgerStatus.Sent, DigestId = digestId, Ts = ts, Attempts = previous?.Attempts ?? 0,
                IntentAt = previous?.IntentAt ?? now, UpdatedAt = now, Tagged = previous?.Tagged ?? false, Logged = previous?.Logged ?? false,
            };
        }

        private LedgerEntry FailedEntry(WorkItem item, string error, FailureScope scope)
        {
            var now = _clock.UtcNow;
            var previous = item.Entry;
            var attempts = (previous?.Status == LedgerStatus.Failed || previous?.Status == LedgerStatus.Pending ? previous.Attempts : 0) + 1;
            var firstFailed = previous?.FirstFailedAt ?? now;
            return new LedgerEntry
            {
                OrderId = item.OrderId, OrderName = item.OrderName, CreatedAt = item.CreatedAt, Total = item.Total, Currency = item.Currency,
                Channel = item.Channel, Status = LedgerStatus.Failed, Attempts = attempts, LastError = error,
                NextAttemptAt = FailurePolicy.NextAttempt(scope, attempts, firstFailed, now, _options), FirstFailedAt = firstFailed,
                IntentAt = previous?.IntentAt ?? now, UpdatedAt = now, Tagged = previous?.Tagged ?? false, Logged = previous?.Logged ?? false,
            };
        }

        private AlertOutcome Outcome(WorkItem item, AlertStatus status, string? ts, string detail, string? error = null, Exception? exception = null, LedgerEntry? entry = null) => new AlertOutcome
        {
            OrderId = item.OrderId, OrderName = item.OrderName, Total = item.Total, Currency = item.Currency, Channel = item.Channel,
            Status = status, Ts = ts, DigestId = entry?.DigestId ?? item.Entry?.DigestId, Detail = detail, Error = error,
            ErrorId = exception != null ? FailurePolicy.ErrorId(exception) : error != null ? "OrderAlertFailed" : null,
            Attempts = entry?.Attempts ?? item.Entry?.Attempts ?? 0, NextAttemptAt = entry?.NextAttemptAt, At = _clock.UtcNow,
        };

        private static string Names(IReadOnlyList<WorkItem> items) =>
            items.Count <= 3 ? string.Join(", ", items.Select(i => i.OrderName)) : $"{items[0].OrderName} and {items.Count - 1} more";
    }
}
