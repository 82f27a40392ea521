using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync.FollowUps;

/// <summary>
/// One channel's follow-ups. First the alerts as they are in Slack now (the claim, the blocks to keep): a thread
/// read for an alert whose follow-up an earlier run may have posted (it also gives the alert), and history
/// windows for the rest. Then, alert by alert in channel order: intents, one chat.update, one reply each, settle.
/// </summary>
internal sealed class FollowUpChannel(SyncRunContext run, string channel, DateTimeOffset deadline)
{
    private readonly SyncRunContext _run = run;
    private readonly string _channel = channel;
    private readonly DateTimeOffset _deadline = deadline;
    private readonly Escalator _escalator = new Escalator(run, channel, deadline);
    private readonly Dictionary<string, JsonObject?> _messages = new Dictionary<string, JsonObject?>(
        StringComparer.Ordinal); // null: no longer in the channel
    private readonly Dictionary<string, ThreadRead> _threads = new Dictionary<string, ThreadRead>(StringComparer.Ordinal);
    private string? _incomplete;

    public async Task RunAsync(List<LedgerEntry> entries, List<string> known, CancellationToken cancellationToken)
    {
        await Task.Yield(); // the channels go side by side
        var alerts = entries.GroupBy(e => e.Ts!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        await ReadAlertsAsync(alerts, known, cancellationToken).ConfigureAwait(false);
        var waiting = 0;
        foreach (var ts in alerts.Keys.OrderBy(t => t, Comparer<string>.Create(SlackClient.CompareTs)))
        {
            if (_run.Stopped) return;
            cancellationToken.ThrowIfCancellationRequested();
            if (!_messages.TryGetValue(ts, out var message)) { waiting += alerts[ts].Count; continue; }
            _threads.TryGetValue(ts, out var thread);
            if (!await FollowUpAlertAsync(ts, alerts[ts], message, thread, cancellationToken).ConfigureAwait(false)) return;
        }
        if (waiting > 0) _run.Tally.Error($"{waiting} follow-up(s) for alerts in {_channel} wait for the next run: the alerts could not " +
            $"be read back ({_incomplete}).");
    }

    private async Task ReadAlertsAsync(Dictionary<string, List<LedgerEntry>> alerts, List<string> known,
        CancellationToken cancellationToken)
    {
        var poster = _run.Deps.Poster;
        foreach (var alert in alerts.Where(a => a.Value.Any(FollowUpRules.MayHavePostedInThread)))
        {
            var keys = alert.Value.SelectMany(FollowUpRules.PendingThreadKeys).ToList();
            ThreadRead thread;
            try { thread = await poster.ReadThreadAsync(_channel, alert.Key, keys, _deadline, cancellationToken).ConfigureAwait(false); }
            catch (AlloyException ex) { thread = ThreadRead.Failed(ex); }
            _run.Tally.Lookups(thread.Calls);
            _threads[alert.Key] = thread;
            if (thread.ParentGone) _messages[alert.Key] = null;
            else if (thread.Parent != null) _messages[alert.Key] = thread.Parent;
            else _incomplete ??= thread.Incomplete;
        }
        var rest = alerts.Keys.Where(ts => !_threads.ContainsKey(ts)).ToList();
        if (rest.Count == 0) return;
        MessageRead read;
        try { read = await poster.ReadMessagesAsync(_channel, ReadWindows.For(rest, known), rest, _deadline, cancellationToken)
            .ConfigureAwait(false); }
        catch (AlloyException ex) { read = MessageRead.Failed(ex); }
        _run.Tally.Lookups(read.Calls);
        foreach (var ts in rest)
        {
            if (read.Messages.TryGetValue(ts, out var message)) _messages[ts] = message;
            else if (read.Complete) _messages[ts] = null;
        }
        if (!read.Complete) _incomplete ??= read.Incomplete;
    }

    /// <summary>One alert (a digest: all its orders that changed). False when the channel must stop for this run.</summary>
    private async Task<bool> FollowUpAlertAsync(string ts, List<LedgerEntry> entries, JsonObject? message, ThreadRead? thread,
        CancellationToken cancellationToken)
    {
        var now = _run.Clock.UtcNow;
        var ledger = _run.Ledger;
        var options = _run.Options;
        if (message == null)
        {
            // Someone deleted the alert: nothing to change or reply to. Stop following it (the coverage report shows it missing).
            ledger.Put(entries.Select(e => e with
            {
                Shown = e.FollowUp?.Target ?? e.Current ?? e.Shown, Current = null, FollowUp = null,
                Escalation = e.Escalation?.Done == true ? e.Escalation : new EscalationState { Target =
                    e.Escalation?.Target ?? string.Empty, At = now, Done = true },
            }).ToList(), durable: false);
            _run.Tally.Error($"The alert for {string.Join(", ", entries.Select(e => e.OrderName))} is no longer in {_channel}, so its " +
                "follow-up was not posted.");
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
                var found = thread?.Find(AlertKey.ForFollowUp(FollowUpRules.FollowUpKey(entry, entry.FollowUp.Seq)));
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
                FollowUpText.Status(targets.TryGetValue(e.OrderId, out var t) ? t : e.Shown ?? new OrderSnapshot { Total = e.Total },
                    e.Total, options.MinimumTotal, e.Currency))).ToList();
            if (!await FollowUpRules.TryAsync(_run, () => _run.Deps.Poster.UpdateAsync(_channel, ts,
                FollowUpMessages.WithStatus(message, statuses), cancellationToken),
                    $"updating the alert for {string.Join(", ", work.Select(w => w.Entry.OrderName))} in {_channel}").ConfigureAwait(
                        false)) return false;
            _run.Tally.FollowUps.Updated();
        }

        foreach (var (entry, intent, found) in work)
        {
            var replyTs = found;
            if (replyTs == null)
            {
                var changes = FollowUpText.Changes(entry.Shown ?? intent.Target, intent.Target, options.MinimumTotal, entry.Currency);
                var reply = FollowUpMessages.Reply(ts, entry.OrderId, entry.OrderName, changes, intent.Target.At ?? intent.At,
                    FollowUpRules.FollowUpKey(entry, intent.Seq));
                SlackPostResult? posted = null;
                if (!await FollowUpRules.TryAsync(_run, async () => posted = await _run.Deps.Poster.ReplyAsync(_channel, ts, reply,
                    cancellationToken).ConfigureAwait(false),
                        $"replying about {entry.OrderName} in {_channel}").ConfigureAwait(false)) return false;
                if (posted == null) continue; // outcome unknown: the intent stays, the next run looks in the thread first
                replyTs = posted.Ts;
                _run.Tally.FollowUps.Replied();
                _run.Say.Ok($"{entry.OrderName}: {SlackText.Truncate(changes.Replace("*", string.Empty), 80)} → thread of {ts} " +
                    $"in {_channel}");
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
            if (!await _escalator.EscalateAsync(ts, ledger.Find(entry.OrderId) ?? entry, claimedBy, thread, cancellationToken)
                .ConfigureAwait(false)) return false;
        return true;
    }
}
