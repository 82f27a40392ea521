using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Sync;

/// <summary>
/// Runs and rounds, and the exit contract: a tenant run that cannot do its job (no key, refused key, Alloy
/// unreachable, a channel that cannot take alerts, unreadable or locked state) is a failure; after every tenant
/// had its turn, the failures end the script (one error, or each error and a summary). Alerts that fail inside
/// a run that did its job are a non-terminating error and Succeeded = $false.
/// </summary>
public sealed partial class InvokeOrderSyncCommand
{
    private enum RunMode { Once, FirstRound, LaterRound }

    private readonly List<ErrorRecord> _failures = new List<ErrorRecord>();
    private int _tenants;
    /// <summary>In rounds after the first, a round's sections are held back and shown only when the round did something.</summary>
    private List<string>? _heldBack;

    private void RunContinuously()
    {
        var interval = TimeSpan.FromSeconds(_intervalSeconds);
        var clock = _continuous[0].Clock;
        for (var round = 1; MaxIterations == null || round <= MaxIterations; round++)
        {
            var results = new List<OrderSyncResult>();
            var failed = 0;
            if (_continuous.Count > 1)
            {
                // Several tenants: side by side (-ThrottleLimit), each result as it finishes, then the summary.
                results.AddRange(RunTenants(_continuous, continuous: true));
                failed = results.RemoveAll(r => r.Status == OrderSyncStatus.Failed);
                foreach (var job in _continuous) job.FinishBackfill();
            }
            else foreach (var job in _continuous.ToList())
            {
                if (round > 1) _heldBack = new List<string>();
                var result = RunOnce(job, round == 1 ? RunMode.FirstRound : RunMode.LaterRound);
                ShowHeldBack(result == null || DidSomething(result));
                if (result == null) failed++;
                else results.Add(result);
                job.FinishBackfill();
            }
            if (_continuous.Count == 0) return; // every tenant failed for good in the first round: EndWithFailures ends it
            foreach (var failure in _failures) WriteError(failure); // the tenants dropped in the first round; the others go on
            _failures.Clear();
            var last = MaxIterations != null && round == MaxIterations;
            WriteInformationMessage(RoundSummary(round, clock.UtcNow, results, failed, last ? (TimeSpan?)null : interval));
            if (last) break;
            Run(ct => clock.Delay(interval, ct));
        }
    }

    /// <summary>One tenant's run. Returns its result, or null when it failed (recorded or warned about) or was -WhatIf.</summary>
    private OrderSyncResult? RunOnce(OrderSyncJob job, RunMode mode)
    {
        _tenants += mode == RunMode.LaterRound ? 0 : 1;
        OrderSyncRun run;
        try
        {
            run = Run(job.RunAsync);
        }
        catch (PipelineStoppedException)
        {
            throw;
        }
        catch (Exception ex)
        {
            var record = ErrorRecords.From(ex, job.Description);
            if (mode == RunMode.Once) _failures.Add(record);
            else if (mode == RunMode.FirstRound && IsPermanent(ex))
            {
                // Looping on a refused key or an unknown channel helps nobody: the service should fail at start.
                _continuous.Remove(job);
                _failures.Add(record);
            }
            else WriteWarning($"The sync for {job.Description} failed: {ex.Message} It is tried again next round.");
            return null;
        }

        if (job.Options.WhatIf)
        {
            foreach (var item in run.Plan) WriteObject(TypedOutput.As(item, PlanTypeName));
            CollectPreview(job, run);
            return null;
        }
        var result = run.Result;
        WriteObject(TypedOutput.As(result, ResultTypeName));
        if (result.Succeeded) return result;
        var message = Problems(result);
        if (mode == RunMode.Once)
            WriteError(ErrorRecords.Create("OrderSyncAlertsFailed", ErrorCategory.InvalidResult, message, result,
                "Failed alerts are retried by later runs; Get-OrderSyncState lists them with their errors."));
        else if (result.Errors.Length > 0) WriteWarning(message); // waiting retries alone are in the round summary
        return result;
    }

    /// <summary>Ends the script when a tenant could not do its job (see <see cref="FailuresEndTheScript"/>).</summary>
    private void EndWithFailures()
    {
        if (_failures.Count == 0) return;
        if (_failures.Count == 1) Terminate(_failures[0]);
        foreach (var failure in _failures) WriteError(failure);
        Terminate(ErrorRecords.Create("OrderSyncTenantsFailed", ErrorCategory.NotSpecified,
            $"The sync could not run for {_failures.Count} of {_tenants} tenants (the errors above say why).", null,
            "Fix what each error names; each tenant's next run goes on from its own state."));
    }

    /// <summary>Failures that the next round would meet again unchanged.</summary>
    private static bool IsPermanent(Exception ex) => ex switch
    {
        SyncStateException state => state.ErrorId == SyncStateException.UnreadableId,
        SlackApiException slack => SlackErrorCodes.IsCredentialFailure(slack.Code),
        AlloyException alloy => alloy.Kind == AlloyErrorKind.Configuration || alloy.Kind == AlloyErrorKind.Authentication
            || alloy.Kind == AlloyErrorKind.NotFound,
        _ => false,
    };

    private static bool DidSomething(OrderSyncResult result) =>
        result.AlertsSent > 0 || result.Failed > 0 || result.Reconciled > 0 || result.Errors.Length > 0;

    private void ShowHeldBack(bool show)
    {
        var held = _heldBack;
        _heldBack = null;
        if (show && held != null) foreach (var line in held) WriteInformationMessage(line);
    }

    private static string RoundSummary(int round, DateTimeOffset now, List<OrderSyncResult> results, int failed, TimeSpan? next)
    {
        var fetched = results.Sum(r => r.OrdersFetched);
        var alerted = results.Sum(r => r.AlertsSent);
        var parts = new List<string>();
        var orders = fetched == 1 ? "1 order" : $"{fetched} orders";
        parts.Add(alerted == 0 && results.All(r => r.Failed == 0) ? $"nothing new in {orders}" : $"{orders} read, {alerted} alerted");
        var failing = results.Sum(r => r.StillFailing);
        if (failing > 0) parts.Add($"{failing} alert(s) failing (retried when due)");
        if (failed > 0) parts.Add($"{failed} tenant run(s) failed (tried again next round)");
        var then = next == null ? "that was the last round" : $"next round " +
            $"in {next.Value.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s (Ctrl+C stops)";
        return $"Round {round} at {SyncNarrator.When(now)}: {string.Join(", ", parts)}; {then}.";
    }

    private static string Problems(OrderSyncResult result)
    {
        var problems = result.Errors.ToList();
        if (result.StillFailing > 0) problems.Add($"{result.StillFailing} alert(s) still failing, waiting to be retried");
        if (result.Pending > 0) problems.Add($"{result.Pending} alert(s) pending (looked for in the channel next run)");
        var shown = problems.Take(5).ToList();
        var more = problems.Count - shown.Count;
        return $"The sync for tenant {result.Tenant} left {problems.Count} problem(s): " + string.Join("; ", shown)
            + (more > 0 ? $"; and {more} more (see the result's Errors)." : ".");
    }
}
