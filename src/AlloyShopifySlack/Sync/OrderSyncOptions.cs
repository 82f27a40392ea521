namespace AlloyShopifySlack.Sync;

/// <summary>What one sync run does. Defaults are the contract's (threshold 500, digest above 10 per channel).</summary>
public sealed class OrderSyncOptions
{
    public decimal MinimumTotal { get; init; } = 500m;
    public RouteTable Routes { get; init; } = new RouteTable(null, null);
    /// <summary>Re-examine orders from here (a backfill); otherwise from the checkpoint minus the overlap.</summary>
    public DateTimeOffset? Since { get => _since; init => _since = value; }
    private DateTimeOffset? _since;

    /// <summary>The same options without the backfill (later rounds of a continuous run go on from the checkpoint).</summary>
    public OrderSyncOptions WithoutSince()
    {
        var copy = (OrderSyncOptions)MemberwiseClone();
        copy._since = null;
        return copy;
    }
    /// <summary>Each run re-reads this much before the checkpoint (late orders, clock skew); the ledger de-duplicates.</summary>
    public TimeSpan Overlap { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>How far back the first run of a tenant looks.</summary>
    public TimeSpan InitialLookback { get; init; } = TimeSpan.FromHours(24);
    public bool IncludeTest { get; init; }
    public bool IncludeCancelled { get; init; }
    /// <summary>More alerts than this for one channel in one run become digest messages (0 or less: never).</summary>
    public int DigestThreshold { get; init; } = 10;
    public bool NoDigest { get; init; }
    public IReadOnlyList<string> TagOrders { get; init; } = Array.Empty<string>();
    public bool LogToSheet { get; init; }
    /// <summary>Plan only: say what would happen to each order, change nothing.</summary>
    public bool WhatIf { get; init; }
    /// <summary>First wait before retrying an order Slack refused; doubles per attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromHours(1);
    /// <summary>An order still failing this long after its first failure is given up (and still reported).</summary>
    public TimeSpan RetryHorizon { get; init; } = TimeSpan.FromHours(24);
    /// <summary>Settled entries are kept this long beyond the overlap window, then pruned.</summary>
    public TimeSpan RetentionMargin { get; init; } = TimeSpan.FromDays(2);
    /// <summary>Messages are looked for from this long before the intent was recorded (clock skew).</summary>
    public TimeSpan ReconcileSkew { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>
    /// The longest one reconciliation pass (before posting, and per channel after ambiguous posts) spends reading
    /// channel history. Slack allows apps outside its Marketplace one history call (15 messages) a minute; what the
    /// pass cannot reach in time stays pending, is reported, and is looked for again by the next run.
    /// </summary>
    public TimeSpan ReconcileBudget { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>At most this many orders outside the window are read back by id per run (retries, follow-ups).</summary>
    public int MaxRefetch { get; init; } = 250;
    /// <summary>
    /// Alerts posted within this long are followed: each run reads the orders updated since the last, and an
    /// alert whose order was cancelled, refunded, edited or fulfilled is changed in place with one thread reply
    /// per change. Zero turns follow-ups off (-FollowUpDays 0).
    /// </summary>
    public TimeSpan FollowUpWindow { get; init; } = TimeSpan.FromDays(7);
    /// <summary>An alert nobody claimed this long after it was posted is escalated once to <see cref="EscalateTo"/>; null: never.</summary>
    public TimeSpan? EscalateAfter { get; init; }
    /// <summary>U…/W… (a user, mentioned in the thread), S… (a user group), C…/G… (a channel: a post there links the alert).</summary>
    public string? EscalateTo { get; init; }
}
