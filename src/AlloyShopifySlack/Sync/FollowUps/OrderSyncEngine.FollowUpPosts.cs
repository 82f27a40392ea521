using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.FollowUps;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync
{
    public sealed partial class OrderSyncEngine
    {
        /// <summary>
        /// One channel's follow-ups. First the alerts as they are in Slack now (the claim, the blocks to keep): a thread
        /// read for an alert whose follow-up an earlier run may have posted (it also gives the alert), and history
        /// windows for the rest. Then, alert by alert in channel order: intents, one chat.update, one reply each, settle.
        /// </summary>
        private async Task FollowUpChannelAsync(string channel, List<LedgerEntry> entries, List<string> known, IOrderLedger ledger,
            RunTally tally, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            await Task.Yield(); // the channels go side by side
            var alerts = entries.GroupBy(e => e.Ts!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var messages = new Dictionary<string, JsonObject?>(StringComparer.Ordinal); // null: no longer in the channel
            var threads = new Dictionary<string, ThreadRead>(StringComparer.Ordinal);
            string? incomplete = null;
            foreach (var alert in alerts.Where(a => a.Value.Any(MayHavePostedInThread)))
            {
                var keys = alert.Value.SelectMany(PendingThreadKeys).ToList();
                ThreadRead thread;
                try { thread = await _deps.Poster.ReadThreadAsync(channel, alert.Key, keys, deadline, cancellationToken).ConfigureAwait(false); }
                catch (AlloyException ex) { thread = ThreadRead.Failed(ex); }
                tally.Lookups(thread.Calls);
                threads[alert.Key] = thread;
                if (thread.ParentGone) messages[alert.Key] = null;
                else if (thread.Parent != null) messages[alert.Key] = thread.Parent;
                else incomplete ??= thread.Incomplete;
            }
            var rest = alerts.Keys.Where(ts => !threads.ContainsKey(ts)).ToList();
            if (rest.Count > 0)
            {
                MessageRead read;
                try { read = await _deps.Poster.ReadMessagesAsync(channel, ReadWindows.For(rest, known), rest, deadline, cancellationToken).ConfigureAwait(false); }
                catch (AlloyException ex) { read = MessageRead.Failed(ex); }
                tally.Lookups(read.Calls);
                foreach (var ts in rest)
                {
                    if (read.Messages.TryGetValue(ts, out var message)) messages[ts] = message;
                    else if (read.Complete) messages[ts] = null;
                }
                if (!read.Complete) incomplete ??= read.Incomplete;
            }

            var waiting = 0;
            foreach (var ts in alerts.Keys.OrderBy(t => t, Comparer<string>.Create(SlackClient.CompareTs)))
            {
                if (_stopAll) return;
                cancellationToken.ThrowIfCancellationRequested();
                if (!messages.TryGetValue(ts, out var message)) { waiting += alerts[ts].Count; continue; }
                threads.TryGetValue(ts, out var thread);
                if (!await FollowUpAlertAsync(channel, ts, alerts[ts], message, thread, ledger, tally, deadline, cancellationToken).ConfigureAwait(false)) return;
            }
            if (waiting > 0) tally.Error($"{waiting} follow-up(s) for alerts in {channel} wait for the next run: the alerts could not be read back ({incomplete}).");
        }

        /// <summary>One alert (a digest: all its orders that changed). False when the channel must stop for this run.</summary>
        private async Task<bool> FollowUpAlertAsync(string channel, string ts, List<LedgerEntry> entries, JsonObject? message, ThreadRead? thread,
            IOrderLedger ledger, RunTally tally, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            var now = _clock.UtcNow;
            if (message == null)
            {
                // Someone deleted the alert: nothing to change or reply to. Stop following it (the coverage report shows it missing).
                ledger.Put(entries.Select(e => e with
                {
                    Shown = e.FollowUp?.Target ?? e.Current ?? e.Shown, Current = null, FollowUp = null,
                    Escalation = e.Escalation?.Done == true ? e.Escalation : new EscalationState { Target = e.Escalation?.Target ?? string.Empty, At = now, Done = true },
                }).ToList(), durable: false);
                tally.Error($"The alert for {string.Join(", ", entries.Select(e => e.OrderName))} is no longer in {channel}, so its follow-up was not posted.");
                return true;
            }

            var claimedBy = ClaimState.ClaimedBy(message);
            var work = new List<(LedgerEntry Entry, FollowUpIntent Intent, string? Found)>();
            var intents = new List<LedgerEntry>();
            foreach (var original in entries)
            {
                var entry = claimedBy != null && original.ClaimedBy == null ? original with { ClaimedBy = claimedBy } : original;
                if (entry.FollowUp != null)
                {
                    var found = thread?.Find(AlertKey.ForFollowUp(FollowUpKey(entry, entry.FollowUp.Seq)));
                    if (found != null || thread?.Complete == true) work.Add((entry, entry.FollowUp, found));
                }
                else if (entry.Current != null)
                {
                    var intent = new FollowUpIntent { Seq = entry.FollowUps + 1, Target = entry.Current, At = now };
                    entry = entry with { FollowUp = intent };
                    work.Add((entry, intent, null));
                }
                if (!ReferenceEquals(entry, original)) intents.Add(entry);
            }
            if (intents.Count > 0) ledger.Put(intents); // durable before any post: a crash from here leaves intents to reconcile

            if (work.Count > 0)
            {
                var targets = work.ToDictionary(w => w.Entry.OrderId, w => w.Intent.Target, StringComparer.Ordinal);
                var statuses = entries.Select(e => (e.OrderId, e.OrderName,
                    FollowUpText.Status(targets.TryGetValue(e.OrderId, out var t) ? t : e.Shown ?? new OrderSnapshot { Total = e.Total }, e.Total, _options.MinimumTotal, e.Currency))).ToList();
                if (!await TryFollowUpAsync(() => _deps.Poster.UpdateAsync(channel, ts, FollowUpMessages.WithStatus(message, statuses), cancellationToken),
                        $"updating the alert for {string.Join(", ", work.Select(w => w.Entry.OrderName))} in {channel}", tally).ConfigureAwait(false)) return false;
                tally.FollowUps.Updated();
            }

            foreach (var (entry, intent, found) in work)
            {
                var replyTs = found;
                if (replyTs == null)
                {
                    var changes = FollowUpText.Changes(entry.Shown ?? intent.Target, intent.Target, _options.MinimumTotal, entry.Currency);
                    var reply = FollowUpMessages.Reply(ts, entry.OrderId, entry.OrderName, changes, intent.Target.At ?? intent.At, FollowUpKey(entry, intent.Seq));
                    SlackPostResult? posted = null;
                    if (!await TryFollowUpAsync(async () => posted = await _deps.Poster.ReplyAsync(channel, ts, reply, cancellationToken).ConfigureAwait(false),
                            $"replying about {entry.OrderName} in {channel}", tally).ConfigureAwait(false)) return false;
                    if (posted == null) continue; // outcome unknown: the intent stays, the next run looks in the thread first
                    replyTs = posted.Ts;
                    tally.FollowUps.Replied();
                    _say.Ok($"{entry.OrderName}: {SlackText.Truncate(changes.Replace("*", string.Empty), 80)} → thread of {ts} in {channel}");
                }
                var latest = ledger.Find(entry.OrderId) ?? entry;
                ledger.Put(latest with
                {
                    Shown = intent.Target,
                    FollowUps = Math.Max(latest.FollowUps, intent.Seq),
                    FollowUp = null,
                    Current = latest.Current == null || latest.Current.Equals(intent.Target) ? null : latest.Current,
                }, durable: false);
            }

            foreach (var entry in entries.Where(e => e.DigestId == null))
                if (!await EscalateAsync(channel, ts, ledger.Find(entry.OrderId) ?? entry, claimedBy, thread, ledger, tally, deadline, cancellationToken).ConfigureAwait(false)) return false;
            return true;
        }

        /// <summary>
        /// A follow-up call; a failure is reported. An ambiguous one (it may have landed) leaves the intent for the next
        /// run; one that says the channel or the run is unusable stops it. False: stop the channel.
        /// </summary>
        private async Task<bool> TryFollowUpAsync(Func<Task> call, string what, RunTally tally)
        {
            try
            {
                await call().ConfigureAwait(false);
                return true;
            }
            catch (AlloyAmbiguousResultException ex)
            {
                tally.Error($"{what}: {ex.Message} Left pending; the next run looks in the thread before posting again.");
                return true;
            }
            catch (AlloyException ex)
            {
                var scope = FailurePolicy.Classify(ex);
                tally.Error($"{what} failed: {FailurePolicy.Describe(ex)} (tried again by the next run)");
                if (scope == FailureScope.Run) _stopAll = true;
                return scope == FailureScope.Order;
            }
        }

        /// <summary>A follow-up or a thread escalation was recorded and not settled: an earlier run may have posted it.</summary>
        private static bool MayHavePostedInThread(LedgerEntry entry) =>
            entry.FollowUp != null || (entry.Escalation != null && !entry.Escalation.Done && FollowUpMessages.MentionOf(entry.Escalation.Target) != null);

        private static IEnumerable<AlertKey> PendingThreadKeys(LedgerEntry entry)
        {
            if (entry.FollowUp != null) yield return AlertKey.ForFollowUp(FollowUpKey(entry, entry.FollowUp.Seq));
            if (entry.Escalation != null && !entry.Escalation.Done) yield return AlertKey.ForFollowUp(EscalationKey(entry));
        }
    }
}
