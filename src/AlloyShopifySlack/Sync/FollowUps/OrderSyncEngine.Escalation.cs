using System;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync
{
    public sealed partial class OrderSyncEngine
    {
        /// <summary>
        /// Due: -EscalateAfterMinutes have passed since the alert was posted, nobody has claimed it (as far as the
        /// ledger knows; Slack is asked before posting), it was not escalated, and the order is still to be shipped.
        /// Single alerts only (a digest has no claim button).
        /// </summary>
        private bool EscalationDue(LedgerEntry entry, DateTimeOffset now)
        {
            if (entry.Escalation != null) return !entry.Escalation.Done;
            if (_options.EscalateAfter == null || string.IsNullOrEmpty(_options.EscalateTo) || entry.DigestId != null || entry.ClaimedBy != null) return false;
            var state = entry.Current ?? entry.Shown;
            if (state != null && (state.IsCancelled || state.FinancialStatus == "REFUNDED" || state.FinancialStatus == "VOIDED")) return false;
            return AlertTime(entry) + _options.EscalateAfter.Value <= now;
        }

        /// <summary>
        /// The alert's one escalation: an intent, then a reply that mentions the user or group (or a post in the target
        /// channel that links the alert), then done. An intent left by a run that died is looked for first (in the
        /// thread, or in the target channel's history). Claimed in Slack: no escalation. False: stop the channel.
        /// </summary>
        private async Task<bool> EscalateAsync(string channel, string ts, LedgerEntry entry, string? claimedBy, ThreadRead? thread, IOrderLedger ledger,
            RunTally tally, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            var now = _clock.UtcNow;
            if (entry.Escalation?.Done == true || (entry.Escalation == null && !EscalationDue(entry, now))) return true;
            if (claimedBy != null)
            {
                ledger.Put(entry with
                {
                    ClaimedBy = claimedBy,
                    Escalation = entry.Escalation == null ? null : new EscalationState { Target = entry.Escalation.Target, At = entry.Escalation.At, Done = true },
                }, durable: false);
                return true;
            }

            var key = AlertKey.ForFollowUp(EscalationKey(entry));
            var target = entry.Escalation?.Target ?? _options.EscalateTo!;
            var mention = FollowUpMessages.MentionOf(target);
            if (entry.Escalation == null)
            {
                entry = entry with { Escalation = new EscalationState { Target = target, At = now } };
                ledger.Put(entry); // durable before the post
            }
            else
            {
                string? found;
                bool complete;
                if (mention != null)
                {
                    found = thread?.Find(key);
                    complete = thread?.Complete == true;
                }
                else
                {
                    var lookup = await LookUpAsync(target, new[] { key }, HistoryWindow.Since(entry.Escalation.At - _options.ReconcileSkew), deadline, tally, cancellationToken).ConfigureAwait(false);
                    found = lookup.Find(key);
                    complete = lookup.Complete;
                }
                if (found != null) { SettleEscalation(entry, found, ledger); return true; }
                if (!complete) { tally.Error($"The escalation of {entry.OrderName} may have been posted; it is looked for again by the next run."); return true; }
            }

            var money = OrderFormat.Money((entry.Current ?? entry.Shown)?.Total ?? entry.Total, entry.Currency);
            var unclaimed = now - AlertTime(entry);
            SlackPostResult? posted = null;
            var ok = await TryFollowUpAsync(async () =>
            {
                if (mention != null)
                {
                    posted = await _deps.Poster.ReplyAsync(channel, ts,
                        FollowUpMessages.Escalation(ts, entry.OrderId, entry.OrderName, money, unclaimed, mention, null, channel, key.Value), cancellationToken).ConfigureAwait(false);
                    return;
                }
                string? link = null;
                try { link = await _deps.Poster.PermalinkAsync(channel, ts, cancellationToken).ConfigureAwait(false); }
                catch (AlloyException) { } // the post names the channel; a link is a convenience
                posted = await _deps.Poster.PostAsync(target,
                    FollowUpMessages.Escalation(null, entry.OrderId, entry.OrderName, money, unclaimed, null, link, channel, key.Value), cancellationToken).ConfigureAwait(false);
            }, $"escalating {entry.OrderName} to {target}", tally).ConfigureAwait(false);
            if (posted == null) return ok;
            SettleEscalation(entry, posted.Ts, ledger);
            tally.FollowUps.Escalated();
            _say.Ok($"{entry.OrderName} not claimed for {unclaimed.TotalMinutes:0} min: escalated to {target}");
            return true;
        }

        private static void SettleEscalation(LedgerEntry entry, string ts, IOrderLedger ledger) =>
            ledger.Put(entry with { Escalation = new EscalationState { Target = entry.Escalation!.Target, At = entry.Escalation.At, Ts = ts, Done = true } }, durable: false);
    }
}
