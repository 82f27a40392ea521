using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync.Coverage;

/// <summary>
/// Proof per order: the orders Shopify has since a time, held against what the channels' histories hold (not
/// only what the sync state remembers). Each order the sync would alert, or that was alerted, gets one answer:
/// alerted once, missing, doubled, or (by the sync state) pending or failing. One history pass per channel.
/// </summary>
public sealed class AlertCoverageCheck
{
    private readonly IOrderSource _orders;
    private readonly IChannelAlertReader _slack;
    private readonly IClock _clock;

    public AlertCoverageCheck(IOrderSource orders, IChannelAlertReader slack, IClock clock)
    {
        _orders = orders;
        _slack = slack;
        _clock = clock;
    }

    /// <param name="selection">The sync's selection: threshold, routes, test and cancelled orders, the clock skew.</param>
    /// <param name="ledger">The sync state, when there is one (for pending and failing alerts and follow-up counts).</param>
    /// <param name="budget">The longest the history reads may take (Slack allows some apps one call a minute).</param>
    public async Task<CoverageReport> RunAsync(DateTimeOffset since, DateTimeOffset? until, OrderSyncOptions selection,
        IOrderLedger? ledger,
        TimeSpan budget, CancellationToken cancellationToken)
    {
        var orders = new List<ShopifyOrder>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var order in _orders.ReadOrdersAsync(since, cancellationToken).WithCancellation(cancellationToken)
            .ConfigureAwait(false))
            if ((until == null || order.CreatedAt < until) && seen.Add(order.Id)) orders.Add(order);

        var channels = selection.Routes.Channels.Concat(orders.Select(o => ledger?.Find(o.Id)?.Channel).Where(c => !string.IsNullOrEmpty(c))
            .Select(c => c!))
            .Distinct(StringComparer.Ordinal).ToList();
        var deadline = _clock.UtcNow + budget;
        var reads = await Task.WhenAll(channels.Select(c => ReadAsync(c, since - selection.ReconcileSkew, deadline, cancellationToken)))
            .ConfigureAwait(false);
        var history = channels.Zip(reads, (c, r) => (c, r)).ToDictionary(p => p.c, p => p.r, StringComparer.Ordinal);

        var report = new CoverageReport { Since = since, HistoryCalls = reads.Sum(r => r.Calls) };
        report.Problems.AddRange(history.Where(h => !h.Value.Complete).Select(h => $"{h.Key}: {h.Value.Incomplete}"));
        foreach (var order in orders.OrderBy(o => o.CreatedAt))
        {
            var entry = ledger?.Find(order.Id);
            var found = history.Values.SelectMany(h => h.ByOrder.TryGetValue(AlertBlockIds.OrderNumber(order.Id), out var a) ? a
                : Array.Empty<FoundAlert>())
                .OrderBy(a => a.Ts, Comparer<string>.Create(SlackClient.CompareTs)).ToList();
            var qualifies = Planning.SyncPlanner.SkipReason(order, selection) == null;
            if (!qualifies && entry == null && found.Count == 0) continue;
            var channel = found.FirstOrDefault()?.Channel ?? entry?.Channel ?? selection.Routes.ChannelFor(order.Total) ?? string.Empty;
            var (status, detail) = Judge(order, entry, found, channel.Length > 0 && history.TryGetValue(channel, out var read) ? read
                : null, selection);
            report.Orders.Add(new OrderAlertCoverage
            {
                OrderId = order.Id, OrderName = order.Name, CreatedAt = order.CreatedAt, Total = order.Total, Currency = order.Currency,
                Channel = channel, Ts = found.FirstOrDefault()?.Ts, ClaimedBy =
                    found.Select(a => a.ClaimedBy).FirstOrDefault(c => c != null) ?? entry?.ClaimedBy,
                FollowUps = entry?.FollowUps ?? found.Sum(a => a.InDigest ? 0 : a.Replies), Status = status,
                    AllTs = found.Select(a => a.Ts).ToList(),
                Detail = detail,
                Permalink = found.Count == 0 ? null : await PermalinkAsync(found[0], cancellationToken).ConfigureAwait(false),
            });
        }
        return report;
    }

    private static (CoverageStatus, string?) Judge(ShopifyOrder order, LedgerEntry? entry, List<FoundAlert> found, ChannelAlerts? read,
        OrderSyncOptions selection)
    {
        if (found.Count == 1) return (CoverageStatus.Alerted, found[0].InDigest ? "in a digest" : null);
        if (found.Count > 1) return (CoverageStatus.Doubled, $"{found.Count} top-level " +
            $"alerts: {string.Join(", ", found.Select(a => a.Channel + " " + a.Ts))}");
        var covered = read != null && (read.Complete || (read.CoveredFromTs != null
            && SlackClient.CompareTs(read.CoveredFromTs, SlackClient.SlackTs(order.CreatedAt - selection.ReconcileSkew)) <= 0));
        if (entry?.Status == LedgerStatus.Pending) return (CoverageStatus.Pending,
            "the sync state has it pending: the next run looks for it, then posts it");
        if (entry?.Status == LedgerStatus.Failed) return (CoverageStatus.Failed, "the sync state has it failing: " + entry.LastError);
        if (!covered) return (CoverageStatus.NotChecked, "the channel's history could not be read back this far in the time allowed");
        return (CoverageStatus.Missing, entry?.Status == LedgerStatus.Sent
            ? $"the sync state says it was posted (ts {entry.Ts}), but it is not in the channel: deleted?"
            : "no alert for it in the channel");
    }

    private async Task<ChannelAlerts> ReadAsync(string channel, DateTimeOffset since, DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        try { return await _slack.ReadAlertsAsync(channel, since, deadline, cancellationToken).ConfigureAwait(false); }
        catch (AlloyException ex) { return new ChannelAlerts { Incomplete = ex.Message }; }
    }

    private async Task<string?> PermalinkAsync(FoundAlert alert, CancellationToken cancellationToken)
    {
        try { return await _slack.PermalinkAsync(alert.Channel, alert.Ts, cancellationToken).ConfigureAwait(false); }
        catch (AlloyException ex)
        {
            OperationContext.Log.Write(LogLevel.Verbose, $"No permalink for {alert.Ts} in {alert.Channel}: {ex.Message}");
            return null;
        }
    }
}

/// <summary>What Test-OrderAlertCoverage found.</summary>
public sealed class CoverageReport
{
    public DateTimeOffset Since { get; init; }
    public List<OrderAlertCoverage> Orders { get; } = new List<OrderAlertCoverage>();
    /// <summary>Channels whose history could not be read through (one sentence each).</summary>
    public List<string> Problems { get; } = new List<string>();
    public int HistoryCalls { get; init; }

    public int Count(CoverageStatus status) => Orders.Count(o => o.Status == status);

    /// <summary>"12 orders since 2025-03-01 10:00 UTC: 10 alerted, 1 missing, 1 doubled, 0 pending, 0 failed."</summary>
    public string Summary()
    {
        var text = $"{Orders.Count} order(s) since {OrderFormat.RawUtc(Since)}: {Count(CoverageStatus.Alerted)} " +
            $"alerted, {Count(CoverageStatus.Missing)} missing, " +
                   $"{Count(CoverageStatus.Doubled)} doubled, {Count(CoverageStatus.Pending)} " +
                       $"pending, {Count(CoverageStatus.Failed)} failed";
        var unknown = Count(CoverageStatus.NotChecked);
        return text + (unknown > 0 ? $", {unknown} not checked." : ".");
    }
}
