using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Sync;

/// <summary>One tenant's sync, resolved from parameters and settings once and run once per round.</summary>
internal sealed class OrderSyncJob
{
    public OrderSyncJob(SyncTarget target, IOrderLedgerStore store, OrderSyncOptions options,
        Func<ISyncEventSink?, string?, OrderSyncDependencies> dependencies,
        TimeSpan lockTimeout, string? logPath, IClock clock)
    {
        Target = target;
        Key = new LedgerKey(target.Tenant, target.Shop);
        Store = store;
        Options = options;
        _dependencies = dependencies;
        LockTimeout = lockTimeout;
        LogPath = logPath;
        Clock = clock;
    }

    private readonly Func<ISyncEventSink?, string?, OrderSyncDependencies> _dependencies;
    public const string WorkspaceFact = "slack.teamId";

    /// <summary>auth.test: the Slack workspace of the tenant's credential (asked once, then a learned fact).</summary>
    public Func<CancellationToken, Task<string?>>? WorkspaceLookup { get; init; }

    /// <summary>Tenants run side by side: those of one Slack workspace share its limit, so each needs to know its workspace.</summary>
    public bool SharesWorkspaces { get; set; }

    public SyncTarget Target { get; }
    public LedgerKey Key { get; }
    public IOrderLedgerStore Store { get; }
    public OrderSyncOptions Options { get; private set; }
    public TimeSpan LockTimeout { get; }
    public string? LogPath { get; }
    public IClock Clock { get; }
    /// <summary>Put in front of each narrated line when tenants run side by side (null: one at a time).</summary>
    public string? LinePrefix { get; set; }

    /// <summary>-Since is a one-off backfill: in continuous mode, later rounds go on from the checkpoint.</summary>
    public void FinishBackfill()
    {
        Options = Options.WithoutSince();
        RoundStart = null; // the next round is a new one
    }

    /// <summary>When this round began by the shared store's clock (taken as the cmdlet started); null: take it when the run
    /// starts.</summary>
    public DateTimeOffset? RoundStart { get; set; }

    public string Description => $"tenant {Target.Tenant}, Shopify credential {Target.Shop}";

    public Task<OrderSyncRun> RunAsync(CancellationToken cancellationToken) => RunAsync(RoundStart, cancellationToken);

    /// <summary>
    /// Takes the tenant's lock first (so a tenant another runner holds costs no Alloy call), then runs the engine.
    /// On a shared store a held tenant, or one another runner finished since <paramref name="roundStart"/>, is a
    /// Skipped result, not an error: that runner has it.
    /// </summary>
    public async Task<OrderSyncRun> RunAsync(DateTimeOffset? roundStart, CancellationToken cancellationToken)
    {
        using var prefixed = LinePrefix == null ? (OperationContext.Scope?)null
            : OperationContext.Use(new PrefixedLog(OperationContext.Log, LinePrefix));
        var startedAt = Clock.UtcNow;
        if (Store.IsShared && roundStart == null && !Options.WhatIf) roundStart =
            await Store.BeginRoundAsync(cancellationToken).ConfigureAwait(false);
        // A state folder is only created once the channels are known to take alerts: a bad channel stores nothing.
        // (A shared store takes the tenant's lock first, so that a tenant another runner holds costs no Alloy call.)
        if (!Store.IsShared && ChannelCheck != null && !Options.WhatIf)
            await ChannelCheck.CheckAsync(Options.Routes.Channels, cancellationToken).ConfigureAwait(false);
        IOrderLedger ledger;
        try
        {
            ledger = Options.WhatIf
                ? await Store.OpenReadOnlyAsync(Key, cancellationToken).ConfigureAwait(false) ?? new EmptyOrderLedger(Store.Location)
                : await Store.OpenAsync(Key, new LedgerOpenOptions { LockTimeout = LockTimeout, SkipIfSyncedSince = roundStart },
                    cancellationToken).ConfigureAwait(false);
        }
        catch (SyncStateException ex) when (Store.IsShared && (ex.ErrorId == SyncStateException.LockedId
            || ex.ErrorId == SyncStateException.SyncedThisRoundId))
        {
            OperationContext.Log.Write(LogLevel.Verbose, $"Skipped {Description}: {ex.Message}");
            return Skipped(startedAt, ex.Message);
        }

        Schemas?.Attach(name => ledger.Facts.TryGetValue(name, out var value) ? value : null, ledger.SetFact);
        using var log = LogPath != null && !Options.WhatIf ? new JsonLinesSyncLog(LogPath, Target.Tenant, Target.Shop) : null;
        var workspace = SharesWorkspaces ? await WorkspaceAsync(ledger, cancellationToken).ConfigureAwait(false) : null;
        var engine = new OrderSyncEngine(_dependencies(log, workspace), Options);
        try
        {
            return await engine.RunAsync(Target, _ => Task.FromResult(ledger), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException))
        {
            log?.OnRunFailed(Clock.UtcNow, ex is AlloyException alloy ? alloy.ErrorId : "OrderSyncFailed", ex.Message);
            throw;
        }
        finally
        {
            ledger.Dispose(); // the engine disposes it too; both stores let go once
        }
    }

    /// <summary>The channel check the engine also runs (the same instance: each channel is asked once).</summary>
    public IChannelCheck? ChannelCheck { get; init; }

    /// <summary>Where the job's client keeps action schemas: attached to the sync state once it is open.</summary>
    public FactSchemaStore? Schemas { get; init; }

    private async Task<string?> WorkspaceAsync(IOrderLedger ledger, CancellationToken cancellationToken)
    {
        if (ledger.Facts.TryGetValue(WorkspaceFact, out var known)) return known;
        if (WorkspaceLookup == null || Options.WhatIf) return null;
        try
        {
            var team = await WorkspaceLookup(cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(team)) ledger.SetFact(WorkspaceFact, team!);
            return team;
        }
        catch (AlloyException ex)
        {
            // Not knowing only means this tenant's channels are not counted with its workspace's others.
            OperationContext.Log.Write(LogLevel.Verbose, $"The Slack workspace of {Description} is unknown ({ex.Message}).");
            return null;
        }
    }

    private OrderSyncRun Skipped(DateTimeOffset startedAt, string why)
    {
        var result = ResultRow(startedAt, OrderSyncStatus.Skipped);
        result.Note = why;
        return new OrderSyncRun(result, Array.Empty<OrderSyncPlanItem>(), Array.Empty<AlertOutcome>());
    }

    /// <summary>The result row of a tenant whose run failed outright (several tenants at once: the others go on).</summary>
    public OrderSyncResult Failed(Exception error, DateTimeOffset startedAt)
    {
        var result = ResultRow(startedAt, OrderSyncStatus.Failed);
        result.Errors = new[] { error.Message };
        return result;
    }

    /// <summary>A result row for a run the engine did not make (skipped, or failed before it could).</summary>
    private OrderSyncResult ResultRow(DateTimeOffset startedAt, OrderSyncStatus status) => new OrderSyncResult
    {
        Tenant = Target.Tenant,
        Shop = Target.Shop,
        StatePath = Store.Location,
        StartedAt = startedAt,
        Duration = Clock.UtcNow - startedAt,
        Threshold = Options.MinimumTotal,
        Status = status,
    };
}

/// <summary>Narration of tenants running side by side, each line marked with its tenant.</summary>
internal sealed class PrefixedLog : IOperationLog
{
    private readonly IOperationLog _inner;
    private readonly string _prefix;

    public PrefixedLog(IOperationLog inner, string prefix)
    {
        _inner = inner;
        _prefix = prefix;
    }

    public void Write(LogLevel level, string message) => _inner.Write(level, message.Length == 0 ? message : _prefix + message);
    public void Progress(ProgressReport report) => _inner.Progress(report);
}
