using AlloyShopifySlack.Sync.FollowUps;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Sync.Planning;

namespace AlloyShopifySlack.Sync.Reporting;

/// <summary>What a run tells: the fetch's figures, the result object from the tally, and the closing summary.</summary>
internal sealed class RunReport(SyncNarrator say, OrderSyncOptions options)
{
    public void Fetched(SyncPlan plan, int fetched, string currency)
    {
        say.Bullet($"Total orders returned: {fetched}");
        say.Bullet($"High-value orders (≥ {SyncNarrator.Money(options.MinimumTotal, currency)}): {plan.Qualifying}");
        var left = new List<string>();
        left.Add($"{plan.Items.Count(i => i.Action == OrderSyncAction.Test)} test");
        left.Add($"{plan.Items.Count(i => i.Action == OrderSyncAction.Cancelled)} cancelled");
        left.Add($"{plan.Items.Count(i => i.Action == OrderSyncAction.BelowThreshold)} below the threshold");
        say.Bullet("Left out: " + string.Join(", ", left));
        var already = plan.AlreadySent.Count(a => a.InWindow);
        if (already > 0) say.Bullet($"Already alerted: {already}");
        var pending = plan.Work.Count(w => w.Action == OrderSyncAction.Reconcile);
        if (pending > 0) say.Bullet($"Pending from an earlier run (looked for before posting): {pending}");
        var unknown = plan.Work.Count(w => w.Action == OrderSyncAction.Send && w.NeedsLookup);
        if (unknown > 0) say.Bullet($"Not known to the sync state (new, lost, or pruned), looked for in Slack before posting: {unknown}");
        var retries = plan.Work.Count(w => w.Action == OrderSyncAction.Retry);
        if (retries > 0) say.Bullet($"Failed before, retried now: {retries}");
        if (plan.Waiting > 0) say.Bullet($"Failed before, waiting to retry: {plan.Waiting}");
    }

    /// <summary>-WhatIf: the channels the plan would post to and what it would skip; nothing was done.</summary>
    public static void Planned(OrderSyncResult result, SyncPlan plan)
    {
        result.Channels = plan.Items.Where(i => i.Action == OrderSyncAction.Send || i.Action == OrderSyncAction.Retry
            || i.Action == OrderSyncAction.Reconcile)
            .Select(i => i.Channel!).Distinct().ToArray();
        result.DuplicatesSkipped = plan.Items.Count(i => i.Action == OrderSyncAction.AlreadySent);
    }

    /// <summary>Fills the result from what the run did and what the ledger now holds, then narrates the summary.</summary>
    public void Finished(OrderSyncResult result, RunTally tally, UpdatedOrders updated, CheckpointMove move,
        IReadOnlyCollection<LedgerEntry> entries)
    {
        result.Checkpoint = move.Checkpoint;
        result.MessagesSent = tally.MessagesSent;
        result.AlertsSent = tally.AlertsSent;
        result.Digests = tally.Digests;
        result.DuplicatesSkipped = tally.Duplicates;
        result.Reconciled = tally.Reconciled;
        result.HistoryLookups = tally.HistoryLookups;
        result.NotChecked = tally.Unchecked;
        result.Failed = tally.Failed;
        result.OrdersUpdated = updated.Orders.Count;
        result.FollowUps = tally.FollowUps.Replies;
        result.AlertsUpdated = tally.FollowUps.AlertsUpdated;
        result.Escalations = tally.FollowUps.Escalations;
        result.FollowUpDuration = tally.FollowUps.Elapsed;
        result.Deferred = move.Deferred;
        result.Channels = tally.Outcomes.Select(o => o.Channel).Where(c => c.Length > 0).Distinct().OrderBy(c => c,
            StringComparer.Ordinal).ToArray();
        if (result.Channels.Length == 0) result.Channels = options.Routes.Channels.ToArray();
        result.Pending = entries.Count(e => e.Status == LedgerStatus.Pending);
        result.StillFailing = entries.Count(e => e.Status == LedgerStatus.Failed);
        if (move.Deferred > 0) tally.Error($"{move.Deferred} alert(s) were left for the next run (the run stopped posting early).");
        result.Errors = tally.Errors.ToArray();
    }

    public void Summary(OrderSyncResult result, IReadOnlyCollection<LedgerEntry> entries)
    {
        say.Section("Run Summary");
        say.Field("Shopify orders fetched", Count(result.OrdersFetched));
        say.Field("High-value orders", Count(result.HighValueOrders));
        var sent = Count(result.MessagesSent);
        if (result.Digests > 0) sent += $" ({result.AlertsSent} alerts, {result.Digests} digest messages)";
        say.Field("Slack messages sent", sent);
        say.Field("Already alerted", Count(result.DuplicatesSkipped));
        if (result.Failed > 0) say.Field("Failed", Count(result.Failed));
        if (result.Pending > 0) say.Field("Pending (looked for next run)", Count(result.Pending));
        if (result.HistoryLookups > 0) say.Field("Slack history lookups", Count(result.HistoryLookups));
        say.Field($"Threshold ({result.Currency})", result.Threshold.ToString("0.00", CultureInfo.InvariantCulture));
        say.Field(result.Channels.Length == 1 ? "Slack channel" : "Slack channels", string.Join(", ", result.Channels));

        // Failing orders are reported on every run until they succeed or are pruned, never silently dropped.
        var failing = entries.Where(e => e.Status == LedgerStatus.Failed).OrderBy(e => e.CreatedAt).ToList();
        foreach (var entry in failing.Take(20))
        {
            var when = entry.GaveUp ? "given up" : "next try " + SyncNarrator.When(entry.NextAttemptAt!.Value);
            say.Note($"{entry.OrderName} → {entry.Channel}: failing ({entry.Attempts}×, {when}): {entry.LastError}");
        }
        if (failing.Count > 20) say.Note($"… and {failing.Count - 20} more failing orders (Get-OrderSyncState lists them).");

        if (result.Succeeded) say.Ok("Completed without errors.");
        else if (result.Errors.Length > 0) say.Problem($"Completed with {result.Errors.Length} problem(s).");
        else say.Problem($"Completed, but {result.StillFailing + result.Pending} alert(s) are not delivered yet: they are retried when " +
            "due (Get-OrderSyncState lists them).");
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
