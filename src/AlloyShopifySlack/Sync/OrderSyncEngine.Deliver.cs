using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync
{
    public sealed partial class OrderSyncEngine
    {
        /// <summary>Posts every channel's alerts, channels concurrently, each channel in order (the poster paces each channel).</summary>
        private async Task DeliverAsync(SyncPlan plan, IOrderLedger ledger, RunTally tally, CancellationToken cancellationToken)
        {
            var work = plan.Work.Where(w => !w.Handled && w.Order != null).ToList();
            tally.PostingStarts(work.Count);
            var channels = work
                .GroupBy(w => w.Channel, StringComparer.Ordinal)
                .Select(g => DeliverChannelAsync(g.Key, g.OrderBy(w => w.CreatedAt).ToList(), ledger, tally, cancellationToken))
                .ToList();
            try { await Task.WhenAll(channels).ConfigureAwait(false); }
            finally { tally.PostingDone(); }
        }

        private async Task DeliverChannelAsync(string channel, List<WorkItem> items, IOrderLedger ledger, RunTally tally, CancellationToken cancellationToken)
        {
            await Task.Yield(); // let the channels start side by side
            using var lane = _deps.SharedPacing == null ? null : await _deps.SharedPacing.EnterWorkspaceAsync(_deps.SlackWorkspace, cancellationToken).ConfigureAwait(false);
            var ambiguous = new AmbiguousPosts();
            await PostUnitsAsync(channel, items, ambiguous, ledger, tally, cancellationToken).ConfigureAwait(false);
            if (ambiguous.Count > 0) await ResolveAmbiguousAsync(channel, ambiguous, ledger, tally, cancellationToken).ConfigureAwait(false);
        }

        private async Task PostUnitsAsync(string channel, List<WorkItem> items, AmbiguousPosts ambiguous, IOrderLedger ledger, RunTally tally, CancellationToken cancellationToken)
        {
            Exception? channelBroken = null;
            foreach (var unit in Units(items))
            {
                if (_stopAll) return;
                cancellationToken.ThrowIfCancellationRequested();
                if (channelBroken != null)
                {
                    Fail(unit, ledger, tally, $"not tried: {channel} failed just before ({FailurePolicy.Describe(channelBroken)})", FailureScope.Channel, channelBroken);
                    continue;
                }

                SlackMessage message;
                try
                {
                    message = Compose(unit);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    Fail(unit, ledger, tally, "the message could not be built: " + ex.Message, FailureScope.Order, ex);
                    continue;
                }

                var intentAt = _clock.UtcNow;
                var intents = unit.Items.Select(i => Intent(i, unit.DigestId, intentAt)).ToList();
                ledger.Put(intents); // durable before the post: from here on, a crash leaves a pending entry to reconcile
                for (var n = 0; n < intents.Count; n++)
                {
                    unit.Items[n].Entry = intents[n];
                    unit.Items[n].Handled = true;
                }

                SlackPostResult posted;
                try
                {
                    posted = await _deps.Poster.PostAsync(channel, message, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    foreach (var item in unit.Items) tally.Record(Outcome(item, AlertStatus.Pending, null, "stopped while posting; the next run looks for it first"));
                    throw;
                }
                catch (AlloyAmbiguousResultException ex)
                {
                    ambiguous.Add(unit, intentAt, ex); // looked for once the channel's posts are done: one history pass for all
                    continue;
                }
                catch (AlloyException ex)
                {
                    var scope = FailurePolicy.Classify(ex);
                    Fail(unit, ledger, tally, FailurePolicy.Describe(ex), scope, ex);
                    if (scope == FailureScope.Channel) channelBroken = ex;
                    else if (scope == FailureScope.Transient) return; // the rest of this channel waits for the next run
                    else if (scope == FailureScope.Run) { _stopAll = true; return; }
                    continue;
                }

                Settle(unit, posted, ledger, tally, "posted");
                ambiguous.Posted(posted.Ts);
                await FollowUpAsync(unit.Items, posted, ledger, tally, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Single alerts, or digests of them when more than the threshold wait for the channel.</summary>
        private IEnumerable<DeliveryUnit> Units(List<WorkItem> items)
        {
            if (!DigestsOn || items.Count <= _options.DigestThreshold)
                return items.Select(i => new DeliveryUnit(new[] { i }, null));
            var size = Math.Max(1, _deps.Composer.MaxOrdersPerDigest);
            var units = new List<DeliveryUnit>();
            for (var start = 0; start < items.Count; start += size)
                units.Add(new DeliveryUnit(items.Skip(start).Take(size).ToList(), NewDigestId()));
            return units;
        }

        private static string NewDigestId() => Guid.NewGuid().ToString("N").Substring(0, 16);

        private LedgerEntry Intent(WorkItem item, string? digestId, DateTimeOffset at) =>
            item.EntryAt(at).ToPending(item.Channel, digestId, at, OrderSnapshot.Of(item.Order!, _options.TagOrders));

        private void Settle(DeliveryUnit unit, SlackPostResult posted, IOrderLedger ledger, RunTally tally, string detail)
        {
            var now = _clock.UtcNow;
            var settled = unit.Items.Select(i => Settled(i, posted.Channel, posted.Ts, unit.DigestId, now)).ToList();
            ledger.Put(settled, durable: false); // if a power cut loses it, the intent stays pending and a lookup settles it
            tally.MessagePosted(unit.DigestId != null);
            for (var n = 0; n < settled.Count; n++)
            {
                unit.Items[n].Entry = settled[n];
                tally.Record(Outcome(unit.Items[n], AlertStatus.Sent, posted.Ts, unit.DigestId != null ? detail + " in a digest" : detail));
            }
            var what = unit.DigestId != null ? $"digest of {unit.Items.Count} orders" : $"{unit.Items[0].OrderName} ({SyncNarrator.Money(unit.Items[0].Total, unit.Items[0].Currency)})";
            _say.Ok($"{what} → {posted.Channel} (ts {posted.Ts})");
        }

        private void Fail(DeliveryUnit unit, IOrderLedger ledger, RunTally tally, string error, FailureScope scope, Exception exception)
        {
            var failed = unit.Items.Select(i => FailedEntry(i, error, scope)).ToList();
            ledger.Put(failed, durable: false);
            for (var n = 0; n < failed.Count; n++)
            {
                var item = unit.Items[n];
                item.Entry = failed[n];
                item.Handled = true;
                tally.Record(Outcome(item, AlertStatus.Failed, null, "not posted", error, exception, failed[n]));
            }
            _say.Problem($"{Names(unit.Items)} → {unit.Items[0].Channel}: {error}");
        }
    }
}
