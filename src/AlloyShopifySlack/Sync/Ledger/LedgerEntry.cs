using System;

namespace AlloyShopifySlack.Sync.Ledger
{
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
    /// One order's alert in the ledger. Immutable: every change is a whole new entry, so that replaying the journal
    /// twice gives the same state as replaying it once.
    /// </summary>
    public sealed class LedgerEntry
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
        /// <summary>What the alert shows of the order (recorded at the alert, moved on by each follow-up); null for entries older than follow-ups.</summary>
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

        public LedgerEntry With(Action<Builder> change)
        {
            var builder = new Builder(this);
            change(builder);
            return builder.Build();
        }

        public override string ToString() => $"{OrderName} {Status} {Channel}";

        /// <summary>A mutable copy used to derive a changed entry.</summary>
        public sealed class Builder
        {
            internal Builder(LedgerEntry from)
            {
                OrderId = from.OrderId; OrderName = from.OrderName; CreatedAt = from.CreatedAt; Total = from.Total;
                Currency = from.Currency; Channel = from.Channel; Status = from.Status; DigestId = from.DigestId; Ts = from.Ts;
                Attempts = from.Attempts; LastError = from.LastError; NextAttemptAt = from.NextAttemptAt; FirstFailedAt = from.FirstFailedAt;
                IntentAt = from.IntentAt; UpdatedAt = from.UpdatedAt; Tagged = from.Tagged; Logged = from.Logged;
                Shown = from.Shown; Current = from.Current; FollowUps = from.FollowUps; FollowUp = from.FollowUp; ClaimedBy = from.ClaimedBy; Escalation = from.Escalation;
            }

            public string OrderId; public string OrderName; public DateTimeOffset CreatedAt; public decimal Total;
            public string Currency; public string Channel; public LedgerStatus Status; public string? DigestId; public string? Ts;
            public int Attempts; public string? LastError; public DateTimeOffset? NextAttemptAt; public DateTimeOffset? FirstFailedAt;
            public DateTimeOffset IntentAt; public DateTimeOffset UpdatedAt; public bool Tagged; public bool Logged;
            public OrderSnapshot? Shown; public OrderSnapshot? Current; public int FollowUps; public FollowUpIntent? FollowUp;
            public string? ClaimedBy; public EscalationState? Escalation;

            public LedgerEntry Build() => new LedgerEntry
            {
                OrderId = OrderId, OrderName = OrderName, CreatedAt = CreatedAt, Total = Total, Currency = Currency,
                Channel = Channel, Status = Status, DigestId = DigestId, Ts = Ts, Attempts = Attempts, LastError = LastError,
                NextAttemptAt = NextAttemptAt, FirstFailedAt = FirstFailedAt, IntentAt = IntentAt, UpdatedAt = UpdatedAt,
                Tagged = Tagged, Logged = Logged, Shown = Shown, Current = Current, FollowUps = FollowUps, FollowUp = FollowUp,
                ClaimedBy = ClaimedBy, Escalation = Escalation,
            };
        }
    }
}
