using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync.FollowUps;

/// <summary>
/// An alert's one escalation: an intent, then a reply that mentions the user or group (or a post in the target
/// channel that links the alert), then done. An intent left by a run that died is looked for first (in the
/// thread, or in the target channel's history). Claimed in Slack: no escalation.
/// </summary>
internal sealed class Escalator(SyncRunContext run, string channel, DateTimeOffset deadline)
{
    /// <summary>False: stop the channel.</summary>
    public async Task<bool> EscalateAsync(string ts, LedgerEntry entry, string? claimedBy, ThreadRead? thread,
        CancellationToken cancellationToken)
    {
        var now = run.Clock.UtcNow;
        var ledger = run.Ledger;
        if (entry.Escalation?.Done == true || (entry.Escalation == null && !FollowUpRules.EscalationDue(entry, run.Options,
            now))) return true;
        if (claimedBy != null)
        {
            ledger.Put(entry with
            {
                ClaimedBy = claimedBy,
                Escalation = entry.Escalation == null ? null : new EscalationState { Target = entry.Escalation.Target,
                    At = entry.Escalation.At, Done = true },
            }, durable: false);
            return true;
        }

        var key = AlertKey.ForFollowUp(FollowUpRules.EscalationKey(entry));
        var target = entry.Escalation?.Target ?? run.Options.EscalateTo!;
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
                var lookup = await run.LookUpAsync(target, new[] { key }, HistoryWindow.Since(
                    entry.Escalation.At - run.Options.ReconcileSkew), deadline,
                    cancellationToken).ConfigureAwait(false);
                found = lookup.Find(key);
                complete = lookup.Complete;
            }
            if (found != null) { Settle(entry, found); return true; }
            if (!complete) { run.Tally.Error($"The escalation of {entry.OrderName} may have been posted; it is looked for again by the " +
                "next run."); return true; }
        }

        var money = OrderFormat.Money((entry.Current ?? entry.Shown)?.Total ?? entry.Total, entry.Currency);
        var unclaimed = now - FollowUpRules.AlertTime(entry);
        var poster = run.Deps.Poster;
        SlackPostResult? posted = null;
        var ok = await FollowUpRules.TryAsync(run, async () =>
        {
            if (mention != null)
            {
                posted = await poster.ReplyAsync(channel, ts,
                    FollowUpMessages.Escalation(ts, entry.OrderId, entry.OrderName, money, unclaimed, mention, null, channel, key.Value),
                        cancellationToken).ConfigureAwait(false);
                return;
            }
            string? link = null;
            try { link = await poster.PermalinkAsync(channel, ts, cancellationToken).ConfigureAwait(false); }
            catch (AlloyException) { } // the post names the channel; a link is a convenience
            posted = await poster.PostAsync(target,
                FollowUpMessages.Escalation(null, entry.OrderId, entry.OrderName, money, unclaimed, null, link, channel, key.Value),
                    cancellationToken).ConfigureAwait(false);
        }, $"escalating {entry.OrderName} to {target}").ConfigureAwait(false);
        if (posted == null) return ok;
        Settle(entry, posted.Ts);
        run.Tally.FollowUps.Escalated();
        run.Say.Ok($"{entry.OrderName} not claimed for {unclaimed.TotalMinutes:0} min: escalated to {target}");
        return true;
    }

    private void Settle(LedgerEntry entry, string ts) =>
        run.Ledger.Put(entry with { Escalation = new EscalationState { Target = entry.Escalation!.Target, At = entry.Escalation.At, Ts = ts,
            Done = true } }, durable: false);
}
