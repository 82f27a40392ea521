using System.Management.Automation;
using System.Runtime.CompilerServices;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Sync;

/// <summary>Many tenants: the shared state store, tenants side by side, one result each plus a summary.</summary>
public sealed partial class InvokeOrderSyncCommand : IDisposable
{
    public const string SummaryTypeName = "AlloyShopifySlack.OrderSyncSummary";

    /// <summary>The Alloy user (tenant) to sync for; bound by property name, so `Import-Csv tenants.csv | Invoke-OrderSync`
    /// works.</summary>
    /// <remarks>No null-or-empty check: a piped connection without a user (its UserId is null) must still bind; empty means "not
    /// given".</remarks>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? UserId { get; set; }

    /// <summary>How many tenants are synced at once. Default 4.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>Keep the sync state in PostgreSQL (shared by several runners) instead of -StatePath. Default:
    /// ALLOY_STATE_CONNECTION.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StateConnectionString { get; set; }

    /// <summary>The database user and password (PSCredential), or only the password (SecureString), for -StateConnectionString.</summary>
    [Parameter]
    [StateCredential]
    public PSCredential? StateCredential { get; set; }

    private readonly StateStoreCache _stores = new StateStoreCache();
    /// <summary>Tenants posting into the same channel share its pace.</summary>
    private readonly ChannelPacing _pacing = new ChannelPacing();
    private DateTimeOffset? _round;

    /// <summary>
    /// On a shared store the round begins now, before the tenants arrive from the pipeline: two runners started
    /// together then agree on it, and neither syncs again a tenant the other finished after both started.
    /// </summary>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var shared = !string.IsNullOrEmpty(StateConnectionString) || (StatePath == null
            && !string.IsNullOrEmpty(Setting(null, StateStoreResolution.ConnectionVariable)));
        if (shared && !WhatIfRequested()) _round = Run(ct => Store().BeginRoundAsync(ct));
    }

    private readonly List<OrderSyncJob> _pending = new List<OrderSyncJob>();

    /// <summary>The store the current record names (one per folder or database for the whole invocation).</summary>
    private IOrderLedgerStore Store()
    {
        try
        {
            return _stores.Open(this, StatePath, StateConnectionString, StateCredential, name => Setting(null, name),
                ResolveClient().Options.Clock);
        }
        catch (AlloyException ex)
        {
            ThrowError(ex);
            throw; // not reached
        }
    }

    /// <summary>-LockTimeoutSeconds, or on a shared store (when not given) 0: a held tenant is another runner's, skip it.</summary>
    private TimeSpan LockTimeout(IOrderLedgerStore store) =>
        TimeSpan.FromSeconds(store.IsShared && !MyInvocation.BoundParameters.ContainsKey(nameof(LockTimeoutSeconds)) ? 0
            : LockTimeoutSeconds);

    /// <summary>Runs the tenants, -ThrottleLimit at a time; writes each result as it finishes, then the summary. Returns the
    /// results.</summary>
    private List<OrderSyncResult> RunTenants(IReadOnlyList<OrderSyncJob> jobs, bool continuous)
    {
        var store = jobs[0].Store;
        var startedAt = jobs[0].Clock.UtcNow;
        foreach (var job in jobs)
        {
            job.LinePrefix = ThrottleLimit > 1 ? $"[{job.Target.Tenant}] " : null;
            job.SharesWorkspaces = ThrottleLimit > 1;
        }
        EnsureThreads(ThrottleLimit);
        var results = new List<OrderSyncResult>();
        RunStream(ct => RunSideBySide(store, jobs, ct), done =>
        {
            var (job, run, error) = done;
            var result = run?.Result ?? job.Failed(error!, startedAt);
            results.Add(result);
            if (error != null) WriteVerbose($"The sync for {job.Description} failed: {error.Message}");
            if (job.Options.WhatIf && run != null)
            {
                foreach (var item in run.Plan) WriteObject(TypedOutput.As(item, PlanTypeName));
                CollectPreview(job, run);
            }
            else WriteObject(TypedOutput.As(result, ResultTypeName));
            if (continuous && !result.Succeeded) WriteWarning(Problems(result) + " It is tried again next round.");
        });
        var summary = OrderSyncSummary.Of(results, ThrottleLimit, store.Location, startedAt, jobs[0].Clock.UtcNow);
        if (!jobs[0].Options.WhatIf) WriteObject(TypedOutput.As(summary, SummaryTypeName));
        _tenants += continuous && _tenants > 0 ? 0 : jobs.Count;
        if (continuous || summary.Succeeded) return results;
        var text = $"{summary.Problems.Length} of {summary.Tenants} tenant(s) did not sync cleanly: " + string.Join(" | ",
            summary.Problems.Take(5))
            + (summary.Problems.Length > 5 ? $" | and {summary.Problems.Length - 5} more (see the results)." : ".");
        if (summary.Failed > 0)
            _failures.Add(ErrorRecords.Create("OrderSyncTenantsFailed", ErrorCategory.InvalidResult, text, summary,
                "Every other tenant was synced. Fix what each failed tenant's Errors name; its next run goes on from its own state."));
        else
            WriteError(ErrorRecords.Create("OrderSyncAlertsFailed", ErrorCategory.InvalidResult, text, summary,
                "Failed alerts are retried by later runs; Get-OrderSyncState lists them with their errors."));
        return results;
    }

    /// <summary>Yields each tenant's outcome as it finishes; one tenant's failure never stops the others.</summary>
    private async IAsyncEnumerable<(OrderSyncJob Job, OrderSyncRun? Run, Exception? Error)> RunSideBySide(IOrderLedgerStore store,
        IReadOnlyList<OrderSyncJob> jobs, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One round for every tenant, by the store's clock: a tenant another runner finished after this does not run twice.
        var round = jobs[0].Options.WhatIf ? null : jobs[0].RoundStart ?? await store.BeginRoundAsync(cancellationToken)
            .ConfigureAwait(false);
        using var slots = new SemaphoreSlim(ThrottleLimit, ThrottleLimit);
        var running = jobs.Select(job => RunOneAsync(job, store, round, slots, cancellationToken)).ToList();
        while (running.Count > 0)
        {
            var finished = await Task.WhenAny(running).ConfigureAwait(false);
            running.Remove(finished);
            yield return await finished.ConfigureAwait(false);
        }
    }

    private static async Task<(OrderSyncJob, OrderSyncRun?, Exception?)> RunOneAsync(OrderSyncJob job, IOrderLedgerStore roundStore,
        DateTimeOffset? round,
        SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The round is by the clock of the store it came from; a tenant of another store takes its own.
            return (job, await job.RunAsync(job.Store == roundStore ? round : null, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return (job, null, ex);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>
    /// The ledger writes synchronously (its interface is synchronous), so each tenant's channels block a pool thread
    /// for a database round trip; with only as many pool threads as cores to begin with, tenants beyond that
    /// would wait for the pool to grow (about one thread a second) instead of running side by side.
    /// </summary>
    private static void EnsureThreads(int tenantsAtOnce)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = Math.Min(512, tenantsAtOnce * 4 + Environment.ProcessorCount);
        if (workers < wanted) ThreadPool.SetMinThreads(wanted, io);
    }

    private void DisposeStore()
    {
        _stores.Dispose();
    }

    /// <summary>PowerShell disposes the cmdlet also when the pipeline stops before EndProcessing.</summary>
    public void Dispose() => DisposeStore();
}
