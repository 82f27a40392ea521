namespace AlloyShopifySlack.Sync;

/// <summary>One run of Invoke-OrderSync for one tenant. Type name AlloyShopifySlack.OrderSyncResult.</summary>
public sealed class OrderSyncResult
{
    public int OrdersFetched { get; set; }
    /// <summary>Orders at or above the threshold (test and cancelled ones left out unless asked for).</summary>
    public int HighValueOrders { get; set; }
    /// <summary>Slack messages posted by this run (a digest is one message).</summary>
    public int MessagesSent { get; set; }
    /// <summary>Orders alerted by this run's messages.</summary>
    public int AlertsSent { get; set; }
    /// <summary>Qualifying orders already alerted (by an earlier run, or found in the channel when reconciling).</summary>
    public int DuplicatesSkipped { get; set; }
    /// <summary>Orders whose alert failed in this run (they are retried by later runs).</summary>
    public int Failed { get; set; }
    public decimal Threshold { get; set; }
    public string Currency { get; set; } = string.Empty;
    public string[] Channels { get; set; } = Array.Empty<string>();
    /// <summary>Orders were read from this created time.</summary>
    public DateTimeOffset Since { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public TimeSpan Duration { get; set; }

    public string Tenant { get; set; } = string.Empty;
    public string Shop { get; set; } = string.Empty;
    public int Digests { get; set; }
    /// <summary>Pending alerts of earlier runs settled by looking in the channel.</summary>
    public int Reconciled { get; set; }
    /// <summary>Alerts still pending after this run (their post's outcome is unknown; the next run looks first).</summary>
    public int Pending { get; set; }
    /// <summary>Orders failing across runs (waiting to retry or given up), reported every run.</summary>
    public int StillFailing { get; set; }
    /// <summary>Slack conversations.history calls this run made to find earlier posts (Slack allows some apps one a minute).</summary>
    public int HistoryLookups { get; set; }
    /// <summary>Alerts left pending because the channel's history could not be read far enough in time (see Errors); the next run looks
    /// again.</summary>
    public int NotChecked { get; set; }
    /// <summary>Orders read because they were updated since the last run (follow-ups; new orders count too).</summary>
    public int OrdersUpdated { get; set; }
    /// <summary>Thread replies this run posted about changed orders (one per change).</summary>
    public int FollowUps { get; set; }
    /// <summary>Alerts (or digests) this run changed in place to show what became of their orders.</summary>
    public int AlertsUpdated { get; set; }
    /// <summary>Alerts nobody claimed in time that this run escalated.</summary>
    public int Escalations { get; set; }
    /// <summary>Of <see cref="Duration"/>, the time spent on follow-ups (the updated-orders read and the pass).</summary>
    public TimeSpan FollowUpDuration { get; set; }
    /// <summary>Qualifying orders left for the next run (stopped early).</summary>
    public int Deferred { get; set; }
    public DateTimeOffset? Checkpoint { get; set; }
    public string StatePath { get; set; } = string.Empty;
    public string[] Errors { get; set; } = Array.Empty<string>();
    /// <summary>False while anything is left undone: a problem this run, alerts still failing (waiting to retry), or pending.</summary>
    public bool Succeeded => Errors.Length == 0 && StillFailing == 0 && Pending == 0;
    /// <summary>Synced; Skipped (another runner had the tenant, see <see cref="Note"/>); or Failed (the run could not be done).</summary>
    public OrderSyncStatus Status { get; set; } = OrderSyncStatus.Synced;
    public string? Note { get; set; }

    public override string ToString() =>
        $"{OrdersFetched} fetched, {HighValueOrders} high-value, {MessagesSent} sent, {DuplicatesSkipped} duplicates, {Failed} failed";
}

public enum OrderSyncStatus { Synced, Skipped, Failed }

public enum OrderSyncAction { Send, AlreadySent, Reconcile, Retry, WaitingToRetry, GaveUp, BelowThreshold, Test, Cancelled }

/// <summary>-WhatIf: what a run would do with one order. Type name AlloyShopifySlack.OrderSyncPlanItem.</summary>
public sealed class OrderSyncPlanItem
{
    public string OrderId { get; init; } = string.Empty;
    public string OrderName { get; init; } = string.Empty;
    public DateTimeOffset CreatedAt { get; init; }
    public decimal Total { get; init; }
    public string Currency { get; init; } = string.Empty;
    public OrderSyncAction Action { get; init; }
    public string? Channel { get; init; }
    /// <summary>In a digest message (more alerts than -DigestThreshold for the channel).</summary>
    public bool InDigest { get; set; }
    public string Reason { get; init; } = string.Empty;

    public override string ToString() => $"{OrderName}: {Action} {Channel}";
}
