using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync;

/// <summary>
/// Send-SlackOrderAlert's memory, kept in the sync state Invoke-OrderSync uses, so the one-liner and the job alert an
/// order once between them: an intent is recorded (durably) before the post, and settled by the outcome. A post that
/// may or may not have reached Slack stays pending, and the job looks for it in the channel before posting again.
/// A refusal puts the state back as it was before the attempt, so the job decides about that order as it would have.
/// </summary>
public sealed class AlertStateRecorder : IDisposable
{
    private readonly IOrderLedger _ledger;
    private readonly IClock _clock;
    /// <summary>What each order's entry was before this command recorded its intent (null: none).</summary>
    private readonly Dictionary<string, LedgerEntry?> _before = new Dictionary<string, LedgerEntry?>(StringComparer.Ordinal);

    public AlertStateRecorder(IOrderLedger ledger, IClock clock)
    {
        _ledger = ledger;
        _clock = clock;
    }

    /// <summary>Where the state lives (a file, or the database), for messages.</summary>
    public string Location => _ledger.Location;

    /// <summary>Why the order is not to be sent again (it was alerted, or may have been), or null to send it.</summary>
    public string? AlreadyAlerted(ShopifyOrder order)
    {
        var entry = _ledger.Find(order.Id);
        if (entry == null && _ledger.ForgottenThrough is { } forgotten && order.CreatedAt <= forgotten)
            return $"it is older than the sync state remembers (settled alerts up to {SyncNarrator.When(forgotten)} were pruned), " +
                   "so it may have been alerted";
        return entry?.Status switch
        {
            LedgerStatus.Sent => $"already alerted to {entry.Channel} (ts {entry.Ts}, {SyncNarrator.When(entry.UpdatedAt)})",
            LedgerStatus.Pending => $"an alert to {entry.Channel} may have been posted (recorded {SyncNarrator.When(entry.IntentAt)}, " +
                                    "not settled; Invoke-OrderSync looks for it in the channel)",
            _ => null,
        };
    }

    /// <summary>Records the intent on disk before the post.</summary>
    public void RecordIntent(ShopifyOrder order, string channel)
    {
        var now = _clock.UtcNow;
        var previous = _ledger.Find(order.Id);
        if (!_before.ContainsKey(order.Id)) _before[order.Id] = previous;
        _ledger.Put(LedgerEntry.ForOrder(order.Id, order.Name, order.CreatedAt, order.Total, order.Currency, now, previous)
            .ToPending(channel, null, now, OrderSnapshot.Of(order)));
    }

    /// <summary>Settles the intent: sent; or as before the attempt when Slack refused; or left pending when the outcome is
    /// unknown.</summary>
    public void Settle(AlertOutcome outcome)
    {
        var pending = _ledger.Find(outcome.OrderId);
        if (pending == null || pending.Status != LedgerStatus.Pending) return;
        if (outcome.Succeeded && outcome.Ts != null)
        {
            var now = _clock.UtcNow;
            _ledger.Put(pending.ToSent(outcome.Channel, outcome.Ts, pending.DigestId, now, null),
                durable: false); // a lost settlement leaves the intent pending, and a lookup settles it
            return;
        }
        if (outcome.Exception is AlloyAmbiguousResultException) return; // it may be in the channel: the job looks before posting
        _before.TryGetValue(outcome.OrderId, out var before);
        if (before != null) _ledger.Put(before, durable: false);
        else _ledger.Forget(outcome.OrderId);
    }

    public void Dispose() => _ledger.Dispose();
}
