namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>Where one order's alert stands.</summary>
public enum LedgerStatus
{
    /// <summary>The intent was recorded; the post may or may not have reached Slack (reconciled before any repost).</summary>
    Pending,
    /// <summary>Posted: <see cref="LedgerEntry.Channel"/> and <see cref="LedgerEntry.Ts"/> name the message.</summary>
    Sent,
    /// <summary>Slack (or Alloy) refused; retried after <see cref="LedgerEntry.NextAttemptAt"/>, or given up when that is null.</summary>
    Failed,
}

/// <summary>
/// One order's alert in the ledger. Immutable: every change is a whole new entry (a transition below, or
/// <c>with</c>), so that replaying the journal twice gives the same state as replaying it once.
/// </summary>
public sealed record LedgerEntry
{
    public string OrderId { get; init; } = string.Empty;
    public string OrderName { get; init; } = string.Empty;
    public DateTimeOffset CreatedAt { get; init; }
    public decimal Total { get; init; }
    public string Currency { get; init; } = string.Empty;
    public string Channel { get; init; } = string.Empty;
    public LedgerStatus Status { get; init; }
    /// <summary>Set when the alert is (or was meant to be) part of a digest message.</summary>
    public string? DigestId { get; init; }
    public string? Ts { get; init; }
    /// <summary>Failed posts so far.</summary>
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? FirstFailedAt { get; init; }
    /// <summary>When the latest intent was recorded: a message for it cannot be older (reconciliation looks from here).</summary>
    public DateTimeOffset IntentAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>-TagOrders done for this order.</summary>
    public bool Tagged { get; init; }
    /// <summary>-LogToGoogleSheet done for this order.</summary>
    public bool Logged { get; init; }
    /// <summary>What the alert shows of the order (recorded at the alert, moved on by each follow-up); null for entries older than
    /// follow-ups.</summary>
    public OrderSnapshot? Shown { get; init; }
    /// <summary>The order as last read, when it differs from <see cref="Shown"/>: a follow-up is due.</summary>
    public OrderSnapshot? Current { get; init; }
    /// <summary>Follow-up replies posted (and so the number of the last one).</summary>
    public int FollowUps { get; init; }
    /// <summary>A follow-up recorded and not yet settled.</summary>
    public FollowUpIntent? FollowUp { get; init; }
    /// <summary>Who claimed the alert, as read from Slack (claims are not taken back).</summary>
    public string? ClaimedBy { get; init; }
    public EscalationState? Escalation { get; init; }

    public bool IsSettled => Status == LedgerStatus.Sent || (Status == LedgerStatus.Failed && NextAttemptAt == null);
    public bool GaveUp => Status == LedgerStatus.Failed && NextAttemptAt == null;
    /// <summary>Settled, with no follow-up or escalation waiting: pruning may drop it.</summary>
    public bool CanBePruned => IsSettled && FollowUp == null && (Escalation == null || Escalation.Done);

    /// <summary>
    /// The entry of an order as it is now: <paramref name="previous"/> with the order's current name and total, or, for an
    /// order the ledger does not know, a new entry first seen at <paramref name="at"/> (its intent time until one is recorded).
    /// </summary>
    public static LedgerEntry ForOrder(string orderId, string orderName, DateTimeOffset createdAt, decimal total, string currency,
        DateTimeOffset at,
        LedgerEntry? previous) =>
        (previous ?? new LedgerEntry { IntentAt = at, UpdatedAt = at }) with
        {
            OrderId = orderId, OrderName = orderName, CreatedAt = createdAt, Total = total, Currency = currency,
        };

    /// <summary>
    /// The intent, recorded before a post to <paramref name="channel"/>: a new alert (nothing followed yet) that keeps
    /// the failure history, so that a retry counts on from it.
    /// </summary>
    public LedgerEntry ToPending(string channel, string? digestId, DateTimeOffset at, OrderSnapshot? shown) => NewAlert() with
    {
        Channel = channel, Status = LedgerStatus.Pending, DigestId = digestId, NextAttemptAt = null, IntentAt = at,
            UpdatedAt = at, Shown = shown,
    };

    /// <summary>Posted (or found in the channel) as <paramref name="ts"/>; what the alert shows stays what the intent recorded, when it
    /// did.</summary>
    public LedgerEntry ToSent(string channel, string ts, string? digestId, DateTimeOffset at,
        OrderSnapshot? shownIfUnknown) => NewAlert() with
    {
        Channel = channel, Status = LedgerStatus.Sent, DigestId = digestId, Ts = ts, LastError = null, NextAttemptAt = null,
            FirstFailedAt = null,
        UpdatedAt = at, Shown = Shown ?? shownIfUnknown,
    };

    /// <summary>One more failed attempt (counting on from a pending or failed one); <paramref name="nextAttempt"/> gets the attempts and
    /// the first failure.</summary>
    public LedgerEntry ToFailed(string channel, string error, DateTimeOffset at, Func<int, DateTimeOffset, DateTimeOffset?> nextAttempt)
    {
        var attempts = (Status == LedgerStatus.Failed || Status == LedgerStatus.Pending ? Attempts : 0) + 1;
        var firstFailed = FirstFailedAt ?? at;
        return NewAlert() with
        {
            Channel = channel, Status = LedgerStatus.Failed, DigestId = null, Attempts = attempts, LastError = error,
            NextAttemptAt = nextAttempt(attempts, firstFailed), FirstFailedAt = firstFailed, UpdatedAt = at, Shown = null,
        };
    }

    /// <summary>Follow-ups belong to a posted message: a new intent, post or failure starts without them.</summary>
    private LedgerEntry NewAlert() => this with { Ts = null, Current = null, FollowUps = 0, FollowUp = null, ClaimedBy = null,
        Escalation = null };

    public override string ToString() => $"{OrderName} {Status} {Channel}";
}
