using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Delivery;
using AlloyShopifySlack.Sync.FollowUps;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Sync.Planning;
using AlloyShopifySlack.Sync.Reconciling;
using AlloyShopifySlack.Sync.Reporting;

namespace AlloyShopifySlack.Sync;

/// <summary>
/// One sync run for one tenant and shop: verify, fetch since the checkpoint (minus an overlap), plan against the
/// ledger (<see cref="SyncPlanner"/>), reconcile what earlier runs left pending (<see cref="Reconciler"/>), then
/// intent → post → settle for each alert, channels concurrently and each paced (<see cref="ChannelDelivery"/>),
/// follow-ups (<see cref="FollowUpPass"/>), and finally move the checkpoint past what is settled (<see cref="RunReport"/>).
/// Exactly once: an intent is durable before its post, and an alert whose post may have landed (pending, or an
/// ambiguous failure) is looked for in the channel before it is ever posted again.
/// </summary>
public sealed class OrderSyncEngine
{
    private readonly OrderSyncDependencies _deps;
    private readonly OrderSyncOptions _options;
    private readonly SyncNarrator _say = new SyncNarrator();

    public OrderSyncEngine(OrderSyncDependencies dependencies, OrderSyncOptions options)
    {
        _deps = dependencies;
        _options = options;
    }

    public async Task<OrderSyncRun> RunAsync(SyncTarget target, Func<CancellationToken, Task<IOrderLedger>> openLedger,
        CancellationToken cancellationToken)
    {
        var clock = _deps.Clock;
        var startedAt = clock.UtcNow;
        var problem = _options.Routes.Validate(_options.MinimumTotal);
        if (problem != null) throw new AlloyConfigurationException("OrderSyncNoChannel", problem);

        _say.Section("Step 1: Verify Credentials");
        _say.Bullet("Alloy user: " + target.Tenant);
        _say.Bullet("Shopify credential: " + target.Shop);
        if (!string.IsNullOrEmpty(target.SlackCredential)) _say.Bullet("Slack credential: " + target.SlackCredential);
        var shop = await _deps.Source.GetShopAsync(cancellationToken).ConfigureAwait(false);
        _say.Bullet($"Shop: {shop.Name} ({shop.Currency})");
        if (_deps.ChannelCheck != null)
            foreach (var line in await _deps.ChannelCheck.VerifyAsync(_options.Routes.Channels, cancellationToken).ConfigureAwait(
                false)) _say.Bullet(line);
        using var ledger = await openLedger(cancellationToken).ConfigureAwait(false);
        (_deps.Source as IUsesLearnedFacts)?.UseFacts(ledger, record: !_options.WhatIf);
        (_deps.Poster as IUsesLearnedFacts)?.UseFacts(ledger, record: !_options.WhatIf);
        _say.Bullet("Sync state: " + System.IO.Path.GetDirectoryName(ledger.Location)); // the file is the result's StatePath
        _say.Ok("All required credentials were found.");

        _say.Section("Step 2: Fetch Shopify Orders");
        var run = new SyncRunContext(_deps, _options, ledger, new RunTally(_options.WhatIf ? null : _deps.Events), _say);
        var report = new RunReport(_say, _options);
        var followUps = new FollowUpPass(run);
        var now = clock.UtcNow;
        var known = LedgerView.Of(ledger);
        var since = FetchWindow.Start(known, _options, now, out var why);
        _say.Bullet($"Created after: {SyncNarrator.When(since)} ({why})");
        var fetched = await SyncRunContext.ReadAllAsync(_deps.Source.ReadOrdersAsync(since, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        var updated = await followUps.ReadUpdatedAsync(since, now, cancellationToken).ConfigureAwait(false);
        var refetched = await ReadBackAsync(FetchWindow.ReadBack(known, fetched, _options, now), run.Tally, cancellationToken)
            .ConfigureAwait(false);
        var crossed = FetchWindow.CrossedUpward(updated.Orders, updated.CoveredFrom, fetched.Concat(refetched), known, _options, now);
        foreach (var order in crossed) updated.Crossed.Add(order.Id);
        refetched.AddRange(crossed);
        var plan = SyncPlanner.Plan(fetched, refetched, known, _options, now);
        report.Fetched(plan, fetched.Count, shop.Currency);

        var result = new OrderSyncResult
        {
            OrdersFetched = fetched.Count, HighValueOrders = plan.Qualifying, Threshold = _options.MinimumTotal, Currency = shop.Currency,
            Since = since, StartedAt = startedAt, Tenant = target.Tenant, Shop = target.Shop, StatePath = ledger.Location,
        };
        if (_options.WhatIf)
        {
            RunReport.Planned(result, plan);
            result.Checkpoint = ledger.Checkpoint;
            result.Duration = clock.UtcNow - startedAt;
            return new OrderSyncRun(result, plan.Items, Array.Empty<AlertOutcome>())
            {
                MessagePlanner = () => MessagePreview.Compose(plan, _options, _deps.Composer),
            };
        }

        _say.Section("Step 3: Notify Slack");
        var tally = run.Tally;
        var tagsAndRows = new TagsAndRows(run);
        tally.AlreadySent(plan.AlreadySent.Count(a => a.InWindow));
        await new Reconciler(run).ReconcileAsync(plan, cancellationToken).ConfigureAwait(false);
        await new ChannelDelivery(run, tagsAndRows).DeliverAsync(plan, cancellationToken).ConfigureAwait(false);
        await tagsAndRows.CatchUpAsync(plan, cancellationToken).ConfigureAwait(false);
        if (tally.MessagesSent == 0 && tally.Outcomes.Count == 0) _say.Ok("Nothing new to alert.");
        await followUps.RunAsync(updated, fetched.Concat(refetched), plan, cancellationToken).ConfigureAwait(false);

        var move = FetchWindow.NextCheckpoint(ledger.Checkpoint, plan, fetched, _options, now);
        if (move.Checkpoint != null)
        {
            ledger.SetCheckpoint(move.Checkpoint.Value, now);
            ledger.Prune(move.PruneBefore!.Value);
        }
        ledger.Compact();
        var entries = ledger.Entries;
        report.Finished(result, tally, updated, move, entries);
        result.Duration = clock.UtcNow - startedAt;
        report.Summary(result, entries);
        _deps.Events?.OnRun(result);
        return new OrderSyncRun(result, plan.Items, tally.Outcomes);
    }

    /// <summary>Reads back, by id, the orders of unsettled entries that the window no longer covers.</summary>
    private async Task<List<ShopifyOrder>> ReadBackAsync(IReadOnlyList<string> wanted, RunTally tally, CancellationToken cancellationToken)
    {
        if (wanted.Count == 0) return new List<ShopifyOrder>();
        try
        {
            return await SyncRunContext.ReadAllAsync(_deps.Source.ReadOrdersByIdAsync(wanted, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AlloyException ex)
        {
            tally.Error($"Could not read back {wanted.Count} order(s) to retry: {ex.Message}");
            return new List<ShopifyOrder>();
        }
    }
}
