namespace AlloyShopifySlack.Sync.Coverage;

/// <summary>Where one order's alert stands, as Shopify and the channel's history show it.</summary>
public enum CoverageStatus
{
    /// <summary>Exactly one top-level alert (its own, or a digest that lists it).</summary>
    Alerted,
    /// <summary>It qualifies (or was alerted) and no alert for it is in the channel.</summary>
    Missing,
    /// <summary>More than one top-level alert names it.</summary>
    Doubled,
    /// <summary>Not in the channel; the sync state has it pending (the next run looks, then posts).</summary>
    Pending,
    /// <summary>Not in the channel; the sync state has it failing (retried, or given up).</summary>
    Failed,
    /// <summary>The channel's history could not be read back to it within the time allowed (Slack's limits): unknown.</summary>
    NotChecked,
}

/// <summary>One order of Test-OrderAlertCoverage. Type name AlloyShopifySlack.OrderAlertCoverage (property names fixed by the
/// contract).</summary>
public sealed class OrderAlertCoverage
{
    public string OrderId { get; init; } = string.Empty;
    public string OrderName { get; init; } = string.Empty;
    public DateTimeOffset CreatedAt { get; init; }
    public decimal Total { get; init; }
    public string Currency { get; init; } = string.Empty;
    /// <summary>Where its alert is (or should be).</summary>
    public string Channel { get; init; } = string.Empty;
    /// <summary>The alert's ts (the first, when doubled).</summary>
    public string? Ts { get; init; }
    public string? Permalink { get; init; }
    /// <summary>Who claimed the alert, as its message in Slack says.</summary>
    public string? ClaimedBy { get; init; }
    /// <summary>Follow-up replies posted about the order (the sync state's count, else the thread's reply count).</summary>
    public int FollowUps { get; init; }
    public CoverageStatus Status { get; init; }
    /// <summary>Every alert's ts, for a doubled order.</summary>
    public IReadOnlyList<string> AllTs { get; init; } = Array.Empty<string>();
    /// <summary>Why, in one sentence (what the sync state says, what is unknown).</summary>
    public string? Detail { get; init; }

    public override string ToString() => $"{OrderName}: {Status}";
}

/// <summary>The alerts one channel's history holds since a time, by order number.</summary>
public sealed class ChannelAlerts
{
    public IReadOnlyDictionary<string, IReadOnlyList<FoundAlert>> ByOrder { get; init; } =
        new Dictionary<string, IReadOnlyList<FoundAlert>>();
    public int Calls { get; init; }
    public bool Complete { get; init; }
    /// <summary>When not complete: every message newer than this ts was read (null: none).</summary>
    public string? CoveredFromTs { get; init; }
    public string? Incomplete { get; init; }
}

/// <summary>One top-level message that alerts an order.</summary>
public sealed class FoundAlert
{
    public string Channel { get; init; } = string.Empty;
    public string Ts { get; init; } = string.Empty;
    public string? ClaimedBy { get; init; }
    /// <summary>Replies in its thread (Slack's reply_count).</summary>
    public int Replies { get; init; }
    public bool InDigest { get; init; }
}

/// <summary>The channel side of the check (Slack through Alloy).</summary>
public interface IChannelAlertReader
{
    /// <summary>Every alert in the channel since <paramref name="since"/> (one history pass), within the deadline.</summary>
    Task<ChannelAlerts> ReadAlertsAsync(string channel, DateTimeOffset since, DateTimeOffset deadline, CancellationToken cancellationToken);

    Task<string> PermalinkAsync(string channel, string ts, CancellationToken cancellationToken);
}
