using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Sync.Planning;

namespace AlloyShopifySlack.Sync.FollowUps;

/// <summary>
/// Follow-ups: after its alert an order keeps changing. Each run reads the orders updated since the last run
/// (one read, every page), records in the ledger what changed against what the alert shows, and then, alert by
/// alert, changes the alert in place and replies in its thread once per change, exactly once (intent first,
/// a key in the reply, the thread looked at before posting again), and escalates alerts nobody claimed.
/// Work grows with the changes: the ledger is the queue, so a run that stops early leaves the rest for the next.
/// </summary>
internal sealed class FollowUpPass(SyncRunContext run)
{
    private bool On => run.Options.FollowUpWindow > TimeSpan.Zero && !run.Options.WhatIf;

    /// <summary>
    /// Step 2, second read: orders created before this run's created window and updated since the last read (less
    /// the overlap), at most the follow window back; the newer ones are in the created read. A new (or lost) sync
    /// state follows nothing yet, so its first run only notes where the next one starts.
    /// </summary>
    public async Task<UpdatedOrders> ReadUpdatedAsync(DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!On) return UpdatedOrders.None;
        var ledger = run.Ledger;
        var options = run.Options;
        var startedAt = run.Clock.UtcNow;
        var through = FollowUpRules.Fact(ledger, LearnedFacts.FollowUpsUpdatedThrough);
        if (!ledger.Facts.ContainsKey(LearnedFacts.FollowUpsCoveredFrom)) ledger.SetFact(LearnedFacts.FollowUpsCoveredFrom,
            LedgerJson.Format(since));
        if (through == null && ledger.Entries.Count == 0) return new UpdatedOrders(new List<ShopifyOrder>(), startedAt, since);
        var from = through - options.Overlap ?? (ledger.LastRunAt - options.Overlap) ?? since;
        if (from < now - options.FollowUpWindow) from = now - options.FollowUpWindow;
        try
        {
            var orders = await SyncRunContext.ReadAllAsync(run.Deps.Source.ReadUpdatedOrdersAsync(from, since, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            run.Tally.FollowUps.Elapsed += run.Clock.UtcNow - startedAt;
            run.Say.Bullet($"Updated after: {SyncNarrator.When(from)} ({orders.Count} older order(s) changed)");
            return new UpdatedOrders(orders, startedAt, FollowUpRules.Fact(ledger, LearnedFacts.FollowUpsCoveredFrom) ?? since);
        }
        catch (AlloyException ex)
        {
            run.Tally.Error($"Could not read the orders updated since {LedgerJson.Format(from)}: {ex.Message} Follow-ups wait for " +
                "the next run.");
            return UpdatedOrders.None;
        }
    }

    /// <summary>After the alerts: what changed, then each channel's follow-ups and escalations, then the read's checkpoint.</summary>
    public async Task RunAsync(UpdatedOrders updated, IEnumerable<ShopifyOrder> read, SyncPlan plan, CancellationToken cancellationToken)
    {
        if (!On) return;
        var now = run.Clock.UtcNow;
        try { await PassAsync(updated, read, plan, now, cancellationToken).ConfigureAwait(false); }
        finally { run.Tally.FollowUps.Elapsed += run.Clock.UtcNow - now; }
    }

    private async Task PassAsync(UpdatedOrders updated, IEnumerable<ShopifyOrder> read, SyncPlan plan, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var options = run.Options;
        ObserveChanges(updated.Orders.Concat(read), now);
        var entries = run.Ledger.Entries;
        var due = entries.Where(e => e.Status == LedgerStatus.Sent && SlackClient.IsSlackTs(e.Ts) && FollowUpRules.Followed(e, options, now)
            && (e.FollowUp != null || e.Current != null || FollowUpRules.EscalationDue(e, options, now))).ToList();
        if (due.Count > 0 && !run.Stopped)
        {
            var known = entries.Where(e => SlackClient.IsSlackTs(e.Ts)).GroupBy(e => e.Channel, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Ts!).ToList(), StringComparer.Ordinal);
            var deadline = now + options.ReconcileBudget;
            var channels = due.GroupBy(e => e.Channel, StringComparer.Ordinal)
                .Select(g => new FollowUpChannel(run, g.Key, deadline).RunAsync(g.ToList(), known[g.Key], cancellationToken)).ToList();
            await Task.WhenAll(channels).ConfigureAwait(false);
        }
        var counts = run.Tally.FollowUps;
        if (counts.Replies + counts.Escalations > 0)
            run.Say.Ok($"Follow-ups: {counts.AlertsUpdated} alert(s) updated, {counts.Replies} thread repl(ies), {counts.Escalations} " +
                "escalation(s)");
        // The updated read counts as done only if the orders it brought were all dealt with (a stopped run reads them again).
        var left = plan.Work.Any(w => !w.Handled && updated.Crossed.Contains(w.OrderId));
        if (updated.ReadAt != null && !left && !run.Stopped) run.Ledger.SetFact(LearnedFacts.FollowUpsUpdatedThrough,
            LedgerJson.Format(updated.ReadAt.Value));
    }

    /// <summary>Records, for each alerted order the read brought, what it is now when that differs from what its alert shows.</summary>
    private void ObserveChanges(IEnumerable<ShopifyOrder> orders, DateTimeOffset now)
    {
        var changes = new List<LedgerEntry>();
        foreach (var order in orders)
        {
            var entry = run.Ledger.Find(order.Id);
            if (entry == null || entry.Status != LedgerStatus.Sent || !FollowUpRules.Followed(entry, run.Options, now)) continue;
            var seen = OrderSnapshot.Of(order, run.Options.TagOrders);
            if (entry.Shown == null)
            {
                // Alerted before follow-ups existed: what it showed is not known, so this is where following starts.
                changes.Add(entry with { Shown = seen });
                continue;
            }
            if (seen.Equals(entry.Current ?? entry.Shown)) continue;
            var settledLook = seen.Equals(entry.Shown) && entry.FollowUp == null;
            changes.Add(entry with { Current = settledLook ? null : seen });
        }
        if (changes.Count > 0) run.Ledger.Put(changes, durable: false);
    }
}
