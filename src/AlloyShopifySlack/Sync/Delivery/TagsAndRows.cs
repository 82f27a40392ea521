using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Sync.Planning;

namespace AlloyShopifySlack.Sync.Delivery;

/// <summary>
/// -TagOrders and -LogToGoogleSheet for alerted orders, each done once: the ledger flags it when it succeeds.
/// A failure is reported and retried by a later run (tagging twice is harmless; a sheet row could repeat only
/// if the process dies between the append and the flag).
/// </summary>
internal sealed class TagsAndRows(SyncRunContext run)
{
    private bool WantTags => run.Options.TagOrders.Count > 0 && run.Deps.Tagger != null;
    private bool WantRows => run.Options.LogToSheet && run.Deps.RowLog != null;

    public async Task DoAsync(IReadOnlyList<WorkItem> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            var entry = item.Entry;
            if (entry == null || item.Order == null) continue;
            if (WantTags && !entry.Tagged
                && await TryAsync(() => run.Deps.Tagger!.AddTagsAsync(item.Order.Id, run.Options.TagOrders,
                    cancellationToken), $"tagging {item.OrderName}").ConfigureAwait(false))
            {
                entry = entry with { Tagged = true };
                run.Ledger.Put(entry, durable: false);
            }
            // The row records the alert: "acknowledged by" stays empty (the listener logs acknowledgements).
            if (WantRows && !entry.Logged
                && await TryAsync(() => run.Deps.RowLog!.AppendAsync(OrderLogRow.FromOrder(item.Order, null, run.Clock.UtcNow),
                    cancellationToken),
                    $"logging {item.OrderName} to Google Sheets").ConfigureAwait(false))
            {
                entry = entry with { Logged = true };
                run.Ledger.Put(entry, durable: false);
            }
            item.Entry = entry;
        }
    }

    /// <summary>What an earlier run could not finish, for alerted orders still in the window.</summary>
    public async Task CatchUpAsync(SyncPlan plan, CancellationToken cancellationToken)
    {
        if (run.Stopped || (!WantTags && !WantRows)) return;
        foreach (var item in plan.AlreadySent.Where(i => (WantTags && !i.Entry!.Tagged) || (WantRows && !i.Entry!.Logged)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await DoAsync(new[] { item }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryAsync(Func<Task> work, string what)
    {
        try
        {
            await work().ConfigureAwait(false);
            return true;
        }
        catch (AlloyException ex)
        {
            run.Tally.Error($"{what} failed: {ex.Message} (retried by the next run)");
            return false;
        }
    }
}
