using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Sync.Planning;

namespace AlloyShopifySlack.Sync.Delivery;

/// <summary>
/// Posts every channel's alerts, channels concurrently, each channel in order: intent (durable) → post through the
/// Slack client's one paced write path → settle. A failure's scope decides what else waits (the order, the
/// channel, or the run); posts that failed ambiguously are looked for once the channel's other posts are done.
/// </summary>
internal sealed class ChannelDelivery(SyncRunContext run, TagsAndRows tagsAndRows)
{
    public async Task DeliverAsync(SyncPlan plan, CancellationToken cancellationToken)
    {
        var work = plan.Work.Where(w => !w.Handled && w.Order != null).ToList();
        run.Tally.PostingStarts(work.Count);
        var channels = work
            .GroupBy(w => w.Channel, StringComparer.Ordinal)
            .Select(g => DeliverChannelAsync(g.Key, g.OrderBy(w => w.CreatedAt).ToList(), cancellationToken))
            .ToList();
        try { await Task.WhenAll(channels).ConfigureAwait(false); }
        finally { run.Tally.PostingDone(); }
    }

    /// <summary>How a channel's items go out: single alerts, or digests when more than the threshold wait.</summary>
    public static IReadOnlyList<DeliveryUnit> Units(IReadOnlyList<WorkItem> items, OrderSyncOptions options, IAlertComposer composer) =>
        SyncPlanner.Units(items, options, composer.MaxOrdersPerDigest, () => Guid.NewGuid().ToString("N").Substring(0, 16));

    private async Task DeliverChannelAsync(string channel, List<WorkItem> items, CancellationToken cancellationToken)
    {
        await Task.Yield(); // let the channels start side by side
        var deps = run.Deps;
        using var lane = deps.SharedPacing == null ? null : await deps.SharedPacing.EnterWorkspaceAsync(deps.SlackWorkspace,
            cancellationToken).ConfigureAwait(false);
        var ambiguous = new AmbiguousPosts();
        await PostUnitsAsync(channel, items, ambiguous, cancellationToken).ConfigureAwait(false);
        if (ambiguous.Count > 0) await ResolveAmbiguousAsync(channel, ambiguous, cancellationToken).ConfigureAwait(false);
    }

    private async Task PostUnitsAsync(string channel, List<WorkItem> items, AmbiguousPosts ambiguous, CancellationToken cancellationToken)
    {
        Exception? channelBroken = null;
        foreach (var unit in Units(items, run.Options, run.Deps.Composer))
        {
            if (run.Stopped) return;
            cancellationToken.ThrowIfCancellationRequested();
            if (channelBroken != null)
            {
                Fail(unit, $"not tried: {channel} failed just before ({FailurePolicy.Describe(channelBroken)})",
                    FailureScope.Channel, channelBroken);
                continue;
            }

            SlackMessage message;
            try
            {
                message = unit.Compose(run.Deps.Composer);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                Fail(unit, "the message could not be built: " + ex.Message, FailureScope.Order, ex);
                continue;
            }

            var intentAt = run.Clock.UtcNow;
            var intents = unit.Items.Select(i => i.EntryAt(intentAt).ToPending(i.Channel, unit.DigestId, intentAt,
                OrderSnapshot.Of(i.Order!, run.Options.TagOrders))).ToList();
            run.Ledger.Put(intents); // durable before the post: from here on, a crash leaves a pending entry to reconcile
            for (var n = 0; n < intents.Count; n++)
            {
                unit.Items[n].Entry = intents[n];
                unit.Items[n].Handled = true;
            }

            SlackPostResult posted;
            try
            {
                posted = await run.Deps.Poster.PostAsync(channel, message, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                foreach (var item in unit.Items) run.Tally.Record(run.Outcome(item, AlertStatus.Pending, null,
                    "stopped while posting; the next run looks for it first"));
                throw;
            }
            catch (AlloyAmbiguousResultException ex)
            {
                ambiguous.Add(unit, intentAt, ex); // looked for once the channel's posts are done: one history pass for all
                continue;
            }
            catch (AlloyException ex)
            {
                var scope = FailurePolicy.Classify(ex);
                Fail(unit, FailurePolicy.Describe(ex), scope, ex);
                if (scope == FailureScope.Channel) channelBroken = ex;
                else if (scope == FailureScope.Transient) return; // the rest of this channel waits for the next run
                else if (scope == FailureScope.Run) { run.StopAll(); return; }
                continue;
            }

            Settle(unit, posted, "posted");
            ambiguous.Posted(posted.Ts);
            await tagsAndRows.DoAsync(unit.Items, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The posts of a channel that failed ambiguously (a 5xx or a timeout after sending: they may have landed),
    /// looked for in one history pass once the channel's other posts are done. Found → sent; otherwise left
    /// pending, and the next run looks again before posting (never posted twice blind).
    /// </summary>
    private async Task ResolveAmbiguousAsync(string channel, AmbiguousPosts posts, CancellationToken cancellationToken)
    {
        var keys = posts.Posts.Select(p => p.Unit.Key).ToList();
        var options = run.Options;
        var lookup = await run.LookUpAsync(channel, keys, posts.Window(options.ReconcileSkew), run.Clock.UtcNow + options.ReconcileBudget,
            cancellationToken).ConfigureAwait(false);
        foreach (var (unit, error) in posts.Posts)
        {
            var ts = lookup.Find(unit.Key);
            if (ts != null)
            {
                var posted = new SlackPostResult(channel, ts);
                Settle(unit, posted, "posted (found in the channel after an ambiguous failure)");
                await tagsAndRows.DoAsync(unit.Items, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var why = lookup.Complete ? "it is not in the channel yet" : $"looking for it did not finish ({lookup.Incomplete})";
            foreach (var item in unit.Items)
                run.Tally.Record(run.Outcome(item, AlertStatus.Pending, null, "outcome unknown",
                    $"{error.Message} {why}; left pending, the next run looks again before posting.", error));
        }
    }

    private void Settle(DeliveryUnit unit, SlackPostResult posted, string detail)
    {
        var now = run.Clock.UtcNow;
        var settled = unit.Items.Select(i => run.Sent(i, posted.Channel, posted.Ts, unit.DigestId, now)).ToList();
        run.Ledger.Put(settled, durable: false); // if a power cut loses it, the intent stays pending and a lookup settles it
        run.Tally.MessagePosted(unit.DigestId != null);
        for (var n = 0; n < settled.Count; n++)
        {
            unit.Items[n].Entry = settled[n];
            run.Tally.Record(run.Outcome(unit.Items[n], AlertStatus.Sent, posted.Ts,
                unit.DigestId != null ? detail + " in a digest" : detail));
        }
        var first = unit.Items[0];
        var what = unit.DigestId != null ? $"digest of {unit.Items.Count} orders" : $"{first.OrderName} " +
            $"({SyncNarrator.Money(first.Total, first.Currency)})";
        run.Say.Ok($"{what} → {posted.Channel} (ts {posted.Ts})");
    }

    private void Fail(DeliveryUnit unit, string error, FailureScope scope, Exception exception)
    {
        var failed = unit.Items.Select(i => run.Failed(i, error, scope)).ToList();
        run.Ledger.Put(failed, durable: false);
        for (var n = 0; n < failed.Count; n++)
        {
            var item = unit.Items[n];
            item.Entry = failed[n];
            item.Handled = true;
            run.Tally.Record(run.Outcome(item, AlertStatus.Failed, null, "not posted", error, exception, failed[n]));
        }
        run.Say.Problem($"{SyncRunContext.Names(unit.Items)} → {unit.Items[0].Channel}: {error}");
    }
}
