using System;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Sync
{
    /// <summary>One tenant's sync, resolved from parameters and settings once and run once per round.</summary>
    internal sealed class OrderSyncJob
    {
        public OrderSyncJob(SyncTarget target, LedgerPaths paths, OrderSyncOptions options, Func<ISyncEventSink?, OrderSyncDependencies> dependencies,
            FileLedgerOptions ledgerOptions, string? logPath, IClock clock)
        {
            Target = target;
            Paths = paths;
            Options = options;
            _dependencies = dependencies;
            LedgerOptions = ledgerOptions;
            LogPath = logPath;
            Clock = clock;
        }

        private readonly Func<ISyncEventSink?, OrderSyncDependencies> _dependencies;

        public SyncTarget Target { get; }
        public LedgerPaths Paths { get; }
        public OrderSyncOptions Options { get; private set; }
        public FileLedgerOptions LedgerOptions { get; }
        public string? LogPath { get; }
        public IClock Clock { get; }

        /// <summary>-Since is a one-off backfill: in continuous mode, later rounds go on from the checkpoint.</summary>
        public void FinishBackfill() => Options = Options.WithoutSince();

        public string Description => $"tenant {Target.Tenant}, Shopify credential {Target.Shop}";

        public async Task<OrderSyncRun> RunAsync(CancellationToken cancellationToken)
        {
            using var log = LogPath != null && !Options.WhatIf ? new JsonLinesSyncLog(LogPath, Target.Tenant, Target.Shop) : null;
            var engine = new OrderSyncEngine(_dependencies(log), Options);
            try
            {
                return await engine.RunAsync(Target, OpenLedgerAsync, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                log?.OnRunFailed(Clock.UtcNow, ex is AlloyException alloy ? alloy.ErrorId : "OrderSyncFailed", ex.Message);
                throw;
            }
        }

        /// <summary>Where the job's client keeps action schemas: attached to the sync state once it is open.</summary>
        public FactSchemaStore? Schemas { get; init; }

        private async Task<IOrderLedger> OpenLedgerAsync(CancellationToken cancellationToken)
        {
            var ledger = Options.WhatIf
                ? FileOrderLedger.OpenReadOnly(Paths)
                : await FileOrderLedger.OpenAsync(Paths, LedgerOptions, Clock, cancellationToken).ConfigureAwait(false);
            Schemas?.Attach(name => ledger.Facts.TryGetValue(name, out var value) ? value : null, ledger.SetFact);
            return ledger;
        }
    }
}
