using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync
{
    public sealed partial class OrderSyncEngine
    {
        private void NarrateFetch(SyncPlan plan, int fetched, string currency)
        {
            _say.Bullet($"Total orders returned: {fetched}");
            _say.Bullet($"High-value orders (≥ {SyncNarrator.Money(_options.MinimumTotal, currency)}): {plan.Qualifying}");
            var left = new List<string>();
            left.Add($"{plan.Items.Count(i => i.Action == OrderSyncAction.Test)} test");
            left.Add($"{plan.Items.Count(i => i.Action == OrderSyncAction.Cancelled)} cancelled");
            left.Add($"{plan.Items.Count(i => i.Action == OrderSyncAction.BelowThreshold)} below the threshold");
            _say.Bullet("Left out: " + string.Join(", ", left));
            var already = plan.AlreadySent.Count(a => a.InWindow);
            if (already > 0) _say.Bullet($"Already alerted: {already}");
            var pending = plan.Work.Count(w => w.Action == OrderSyncAction.Reconcile);
            if (pending > 0) _say.Bullet($"Pending from an earlier run (looked for before posting): {pending}");
            var unknown = plan.Work.Count(w => w.Action == OrderSyncAction.Send && w.NeedsLookup);
            if (unknown > 0) _say.Bullet($"Not known to the sync state (new, lost, or pruned), looked for in Slack before posting: {unknown}");
            var retries = plan.Work.Count(w => w.Action == OrderSyncAction.Retry);
            if (retries > 0) _say.Bullet($"Failed before, retried now: {retries}");
            if (plan.Waiting > 0) _say.Bullet($"Failed before, waiting to retry: {plan.Waiting}");
        }

        private void NarrateSummary(OrderSyncResult result, IReadOnlyCollection<LedgerEntry> entries)
        {
            _say.Section("Run Summary");
            _say.Field("Shopify orders fetched", result.OrdersFetched.ToString(CultureInfo.InvariantCulture));
            _say.Field("High-value orders", result.HighValueOrders.ToString(CultureInfo.InvariantCulture));
            var sent = result.MessagesSent.ToString(CultureInfo.InvariantCulture);
            if (result.Digests > 0) sent += $" ({result.AlertsSent} alerts, {result.Digests} digest messages)";
            _say.Field("Slack messages sent", sent);
            _say.Field("Already alerted", result.DuplicatesSkipped.ToString(CultureInfo.InvariantCulture));
            if (result.Failed > 0) _say.Field("Failed", result.Failed.ToString(CultureInfo.InvariantCulture));
            if (result.Pending > 0) _say.Field("Pending (looked for next run)", result.Pending.ToString(CultureInfo.InvariantCulture));
            if (result.HistoryLookups > 0) _say.Field("Slack history lookups", result.HistoryLookups.ToString(CultureInfo.InvariantCulture));
            _say.Field($"Threshold ({result.Currency})", result.Threshold.ToString("0.00", CultureInfo.InvariantCulture));
            _say.Field(result.Channels.Length == 1 ? "Slack channel" : "Slack channels", string.Join(", ", result.Channels));

            // Failing orders are reported on every run until they succeed or are pruned, never silently dropped.
            var failing = entries.Where(e => e.Status == LedgerStatus.Failed).OrderBy(e => e.CreatedAt).ToList();
            foreach (var entry in failing.Take(20))
            {
                var when = entry.GaveUp ? "given up" : "next try " + SyncNarrator.When(entry.NextAttemptAt!.Value);
                _say.Note($"{entry.OrderName} → {entry.Channel}: failing ({entry.Attempts}×, {when}): {entry.LastError}");
            }
            if (failing.Count > 20) _say.Note($"… and {failing.Count - 20} more failing orders (Get-OrderSyncState lists them).");

            if (result.Succeeded) _say.Ok("Completed without errors.");
            else if (result.Errors.Length > 0) _say.Problem($"Completed with {result.Errors.Length} problem(s).");
            else _say.Problem($"Completed, but {result.StillFailing + result.Pending} alert(s) are not delivered yet: they are retried when due (Get-OrderSyncState lists them).");
        }
    }
}
