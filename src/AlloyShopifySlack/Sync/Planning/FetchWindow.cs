using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync.Planning;

/// <summary>Which orders a run reads and how far its checkpoint then moves: pure functions of the ledger, the options and the
/// time.</summary>
internal static class FetchWindow
{
    /// <summary>Orders are read from the backfill start, else the checkpoint less the overlap, else the first run's lookback.</summary>
    public static DateTimeOffset Start(LedgerView ledger, OrderSyncOptions options, DateTimeOffset now, out string why)
    {
        if (options.Since != null)
        {
            why = "backfill from -Since";
            return options.Since.Value;
        }
        if (ledger.Checkpoint != null)
        {
            why = $"checkpoint minus {options.Overlap.TotalMinutes:0.#} min overlap";
            return ledger.Checkpoint.Value - options.Overlap;
        }
        why = $"first run: the last {options.InitialLookback.TotalHours:0.#} h";
        return now - options.InitialLookback;
    }

    /// <summary>The orders of unsettled entries that the window no longer covers, to read back by id (oldest first, at most
    /// -MaxRefetch).</summary>
    public static IReadOnlyList<string> ReadBack(LedgerView ledger, IEnumerable<ShopifyOrder> fetched, OrderSyncOptions options,
        DateTimeOffset now)
    {
        var inWindow = new HashSet<string>(fetched.Select(o => o.Id), StringComparer.Ordinal);
        return ledger.Entries
            .Where(e => !inWindow.Contains(e.OrderId) && (e.Status == LedgerStatus.Pending
                || (e.Status == LedgerStatus.Failed && SyncPlanner.IsDue(e, options, now))))
            .OrderBy(e => e.CreatedAt).Take(options.MaxRefetch).Select(e => e.OrderId).ToList();
    }

    /// <summary>
    /// Orders edited above the threshold: updated, qualifying now, never alerted, and created after the created
    /// window began to be read (<paramref name="coveredFrom"/>: so they were below it then). They are alerted now, like new orders.
    /// </summary>
    public static List<ShopifyOrder> CrossedUpward(IReadOnlyList<ShopifyOrder> updated, DateTimeOffset coveredFrom,
        IEnumerable<ShopifyOrder> read,
        LedgerView ledger, OrderSyncOptions options, DateTimeOffset now)
    {
        if (updated.Count == 0) return new List<ShopifyOrder>();
        var seen = new HashSet<string>(read.Select(o => o.Id), StringComparer.Ordinal);
        return updated.Where(o => !seen.Contains(o.Id) && ledger.Find(o.Id) == null && SyncPlanner.SkipReason(o, options) == null
            && o.CreatedAt >= coveredFrom && o.CreatedAt >= now - options.FollowUpWindow).ToList();
    }

    /// <summary>
    /// The checkpoint moves to the newest order read, but never past a qualifying order this run left untouched
    /// (it stopped early): such an order has no ledger entry, so only the window can bring it back. Pending and
    /// failed orders do not hold it: the ledger keeps them and they are read back by id when due, so fetches stay
    /// bounded by the overlap window however long an order keeps failing. Null: nothing read yet, ever.
    /// </summary>
    public static CheckpointMove NextCheckpoint(DateTimeOffset? previous, SyncPlan plan, IReadOnlyCollection<ShopifyOrder> fetched,
        OrderSyncOptions options, DateTimeOffset now)
    {
        var left = plan.Work.Where(w => w.InWindow && !w.Handled && w.Order != null).ToList();
        DateTimeOffset? candidate = fetched.Count > 0 ? fetched.Max(o => o.CreatedAt) : (DateTimeOffset?)null;
        if (left.Count > 0)
        {
            var oldestLeft = left.Min(w => w.CreatedAt);
            if (candidate == null || oldestLeft < candidate) candidate = oldestLeft;
        }
        var next = previous == null ? candidate : candidate == null || candidate < previous ? previous : candidate;
        if (next == null) return new CheckpointMove(null, left.Count, null);
        var cutoff = next.Value - options.Overlap - options.RetentionMargin;
        if (now - options.FollowUpWindow < cutoff) cutoff = now - options.FollowUpWindow; // followed alerts stay
        return new CheckpointMove(next, left.Count, cutoff);
    }
}

/// <summary>Where the checkpoint goes, how many qualifying orders the run left for the next, and before when settled entries are
/// pruned.</summary>
internal readonly record struct CheckpointMove(DateTimeOffset? Checkpoint, int Deferred, DateTimeOffset? PruneBefore);
