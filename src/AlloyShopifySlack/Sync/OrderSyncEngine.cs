using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync
{
    /// <summary>
    /// One sync run for one tenant and shop: verify, fetch since the checkpoint (minus an overlap), classify against
    /// the ledger, reconcile what earlier runs left pending, then record intent → post → settle for each alert,
    /// channels concurrently and each paced, and finally move the checkpoint past what is settled.
    /// Exactly once: an intent is durable before its post, and an alert whose post may have landed (pending, or an
    /// ambiguous failure) is looked for in the channel before it is ever posted again.
    /// </summary>
    public sealed partial class OrderSyncEngine
    {
        private readonly OrderSyncDependencies _deps;
        private readonly OrderSyncOptions _options;
        private readonly IClock _clock;
        private readonly SyncNarrator _say;
        private volatile bool _stopAll;

        public OrderSyncEngine(OrderSyncDependencies dependencies, OrderSyncOptions options)
        {
            _deps = dependencies;
            _options = options;
            _clock = dependencies.Clock;
            _say = new SyncNarrator();
        }

        public async Task<OrderSyncRun> RunAsync(SyncTarget target, Func<CancellationToken, Task<IOrderLedger>> openLedger, CancellationToken cancellationToken)
        {
            var startedAt = _clock.UtcNow;
            var problem = _options.Routes.Validate(_options.MinimumTotal);
            if (problem != null) throw new AlloyConfigurationException("OrderSyncNoChannel", problem);

            _say.Section("Step 1: Verify Credentials");
            _say.Bullet("Alloy user: " + target.Tenant);
            _say.Bullet("Shopify credential: " + target.Shop);
            if (!string.IsNullOrEmpty(target.SlackCredential)) _say.Bullet("Slack credential: " + target.SlackCredential);
            var shop = await _deps.Source.GetShopAsync(cancellationToken).ConfigureAwait(false);
            _say.Bullet($"Shop: {shop.Name} ({shop.Currency})");
            if (_deps.ChannelCheck != null)
                foreach (var line in await _deps.ChannelCheck.VerifyAsync(_options.Routes.Channels, cancellationToken).ConfigureAwait(false)) _say.Bullet(line);
            using var ledger = await openLedger(cancellationToken).ConfigureAwait(false);
            (_deps.Source as IUsesLearnedFacts)?.UseFacts(ledger, record: !_options.WhatIf);
            (_deps.Poster as IUsesLearnedFacts)?.UseFacts(ledger, record: !_options.WhatIf);
            _say.Bullet("Sync state: " + System.IO.Path.GetDirectoryName(ledger.Location)); // the file is the result's StatePath
            _say.Ok("All required credentials were found.");

            _say.Section("Step 2: Fetch Shopify Orders");
            var now = _clock.UtcNow;
            var since = FetchStart(ledger, now, out var why);
            _say.Bullet($"Created after: {SyncNarrator.When(since)} ({why})");
            var fetched = await ReadAllAsync(_deps.Source.ReadOrdersAsync(since, cancellationToken), cancellationToken).ConfigureAwait(false);
            var tally = new RunTally(_options.WhatIf ? null : _deps.Events);
            var updated = await ReadUpdatedAsync(ledger, since, now, tally, cancellationToken).ConfigureAwait(false);
            var refetched = await RefetchAsync(ledger, fetched, now, tally, cancellationToken).ConfigureAwait(false);
            refetched.AddRange(CrossedUpward(updated, fetched, refetched, ledger, now));
            var plan = Classify(fetched, refetched, ledger, now);
            NarrateFetch(plan, fetched.Count, shop.Currency);

            var result = new OrderSyncResult
            {
                OrdersFetched = fetched.Count,
                HighValueOrders = plan.Qualifying,
                Threshold = _options.MinimumTotal,
                Currency = shop.Currency,
                Since = since,
                StartedAt = startedAt,
                Tenant = target.Tenant,
                Shop = target.Shop,
                StatePath = ledger.Location,
            };

            if (_options.WhatIf)
            {
                MarkDigests(plan);
                result.Channels = plan.Items.Where(i => i.Action == OrderSyncAction.Send || i.Action == OrderSyncAction.Retry || i.Action == OrderSyncAction.Reconcile)
                    .Select(i => i.Channel!).Distinct().ToArray();
                result.DuplicatesSkipped = plan.Items.Count(i => i.Action == OrderSyncAction.AlreadySent);
                result.Checkpoint = ledger.Checkpoint;
                result.Duration = _clock.UtcNow - startedAt;
                return new OrderSyncRun(result, plan.Items, Array.Empty<AlertOutcome>()) { MessagePlanner = () => PlanMessages(plan) };
            }

            _say.Section("Step 3: Notify Slack");
            tally.AlreadySent(plan.AlreadySent.Count(a => a.InWindow));
            await ReconcileAsync(plan, ledger, tally, cancellationToken).ConfigureAwait(false);
            await DeliverAsync(plan, ledger, tally, cancellationToken).ConfigureAwait(false);
            await FollowUpAlreadySentAsync(plan, ledger, tally, cancellationToken).ConfigureAwait(false);
            if (tally.MessagesSent == 0 && tally.Outcomes.Count == 0) _say.Ok("Nothing new to alert.");
            await FollowUpAlertsAsync(updated, fetched.Concat(refetched), plan, ledger, tally, cancellationToken).ConfigureAwait(false);

            result.Checkpoint = AdvanceCheckpoint(ledger, plan, fetched, now, out var deferred);
            ledger.Compact();
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
            result.Deferred = deferred;
            result.Channels = tally.Outcomes.Select(o => o.Channel).Where(c => c.Length > 0).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToArray();
            if (result.Channels.Length == 0) result.Channels = _options.Routes.Channels.ToArray();
            var entries = ledger.Entries;
            result.Pending = entries.Count(e => e.Status == LedgerStatus.Pending);
            result.StillFailing = entries.Count(e => e.Status == LedgerStatus.Failed);
            if (deferred > 0) tally.Error($"{deferred} alert(s) were left for the next run (the run stopped posting early).");
            result.Errors = tally.Errors.ToArray();
            result.Duration = _clock.UtcNow - startedAt;
            NarrateSummary(result, entries);
            _deps.Events?.OnRun(result);
            return new OrderSyncRun(result, plan.Items, tally.Outcomes);
        }

        private DateTimeOffset FetchStart(IOrderLedger ledger, DateTimeOffset now, out string why)
        {
            if (_options.Since != null)
            {
                why = "backfill from -Since";
                return _options.Since.Value;
            }
            if (ledger.Checkpoint != null)
            {
                why = $"checkpoint minus {_options.Overlap.TotalMinutes:0.#} min overlap";
                return ledger.Checkpoint.Value - _options.Overlap;
            }
            why = $"first run: the last {_options.InitialLookback.TotalHours:0.#} h";
            return now - _options.InitialLookback;
        }

        private static async Task<List<ShopifyOrder>> ReadAllAsync(IAsyncEnumerable<ShopifyOrder> source, CancellationToken cancellationToken)
        {
            var orders = new List<ShopifyOrder>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var order in source.WithCancellation(cancellationToken).ConfigureAwait(false))
                if (seen.Add(order.Id)) orders.Add(order);
            return orders;
        }

        /// <summary>Reads back, by id, the orders of unsettled entries that the window no longer covers.</summary>
        private async Task<List<ShopifyOrder>> RefetchAsync(IOrderLedger ledger, List<ShopifyOrder> fetched, DateTimeOffset now, RunTally tally, CancellationToken cancellationToken)
        {
            var inWindow = new HashSet<string>(fetched.Select(o => o.Id), StringComparer.Ordinal);
            var wanted = ledger.Entries
                .Where(e => !inWindow.Contains(e.OrderId) && (e.Status == LedgerStatus.Pending || (e.Status == LedgerStatus.Failed && IsDue(e, now))))
                .OrderBy(e => e.CreatedAt).Take(_options.MaxRefetch).Select(e => e.OrderId).ToList();
            if (wanted.Count == 0) return new List<ShopifyOrder>();
            try
            {
                return await ReadAllAsync(_deps.Source.ReadOrdersByIdAsync(wanted, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (AlloyException ex)
            {
                tally.Error($"Could not read back {wanted.Count} order(s) to retry: {ex.Message}");
                return new List<ShopifyOrder>();
            }
        }

        private bool IsDue(LedgerEntry entry, DateTimeOffset now) =>
            entry.GaveUp ? _options.Since != null : entry.NextAttemptAt <= now;
    }
}
