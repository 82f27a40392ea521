using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync.FollowUps;

/// <summary>When an alert is followed or escalated, the keys its thread replies carry, and how a follow-up call's failure is
/// taken.</summary>
internal static class FollowUpRules
{
    /// <summary>Alerts are followed for the follow window after they were posted.</summary>
    public static bool Followed(LedgerEntry entry, OrderSyncOptions options, DateTimeOffset now) =>
        AlertTime(entry) >= now - options.FollowUpWindow;

    /// <summary>When the alert was posted, as near as the ledger knows: its intent was recorded just before the post.</summary>
    public static DateTimeOffset AlertTime(LedgerEntry entry) => entry.IntentAt;

    /// <summary>
    /// Due: -EscalateAfterMinutes have passed since the alert was posted, nobody has claimed it (as far as the
    /// ledger knows; Slack is asked before posting), it was not escalated, and the order is still to be shipped.
    /// Single alerts only (a digest has no claim button).
    /// </summary>
    public static bool EscalationDue(LedgerEntry entry, OrderSyncOptions options, DateTimeOffset now)
    {
        if (entry.Escalation != null) return !entry.Escalation.Done;
        if (options.EscalateAfter == null || string.IsNullOrEmpty(options.EscalateTo) || entry.DigestId != null
            || entry.ClaimedBy != null) return false;
        var state = entry.Current ?? entry.Shown;
        if (state != null && (state.IsCancelled || state.FinancialStatus == "REFUNDED" || state.FinancialStatus == "VOIDED")) return false;
        return AlertTime(entry) + options.EscalateAfter.Value <= now;
    }

    public static string FollowUpKey(LedgerEntry entry, int seq) => AlertBlockIds.OrderNumber(entry.OrderId) + "."
        + seq.ToString(CultureInfo.InvariantCulture);

    public static string EscalationKey(LedgerEntry entry) => AlertBlockIds.OrderNumber(entry.OrderId) + ".escalation";

    /// <summary>A follow-up or a thread escalation was recorded and not settled: an earlier run may have posted it.</summary>
    public static bool MayHavePostedInThread(LedgerEntry entry) =>
        entry.FollowUp != null || (entry.Escalation != null && !entry.Escalation.Done
            && FollowUpMessages.MentionOf(entry.Escalation.Target) != null);

    public static IEnumerable<AlertKey> PendingThreadKeys(LedgerEntry entry)
    {
        if (entry.FollowUp != null) yield return AlertKey.ForFollowUp(FollowUpKey(entry, entry.FollowUp.Seq));
        if (entry.Escalation != null && !entry.Escalation.Done) yield return AlertKey.ForFollowUp(EscalationKey(entry));
    }

    /// <summary>A learned instant (null when absent or unreadable).</summary>
    public static DateTimeOffset? Fact(IOrderLedger ledger, string name) =>
        ledger.Facts.TryGetValue(name, out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : (DateTimeOffset?)null;

    /// <summary>
    /// A follow-up call; a failure is reported. An ambiguous one (it may have landed) leaves the intent for the next
    /// run; one that says the channel or the run is unusable stops it. False: stop the channel.
    /// </summary>
    public static async Task<bool> TryAsync(SyncRunContext run, Func<Task> call, string what)
    {
        try
        {
            await call().ConfigureAwait(false);
            return true;
        }
        catch (AlloyAmbiguousResultException ex)
        {
            run.Tally.Error($"{what}: {ex.Message} Left pending; the next run looks in the thread before posting again.");
            return true;
        }
        catch (AlloyException ex)
        {
            var scope = FailurePolicy.Classify(ex);
            run.Tally.Error($"{what} failed: {FailurePolicy.Describe(ex)} (tried again by the next run)");
            if (scope == FailureScope.Run) run.StopAll();
            return scope == FailureScope.Order;
        }
    }
}
