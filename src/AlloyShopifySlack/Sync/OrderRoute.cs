namespace AlloyShopifySlack.Sync;

/// <summary>
/// Orders totalling at least <see cref="MinimumTotal"/> (shop currency) go to <see cref="Channel"/>.
/// Type name AlloyShopifySlack.OrderRoute (New-OrderRoute makes one).
/// </summary>
public sealed class OrderRoute
{
    public OrderRoute(decimal minimumTotal, string channel)
    {
        if (minimumTotal < 0) throw new ArgumentOutOfRangeException(nameof(minimumTotal), "A route's minimum total cannot be negative.");
        if (string.IsNullOrWhiteSpace(channel)) throw new ArgumentException("A route needs a channel id.", nameof(channel));
        MinimumTotal = minimumTotal;
        Channel = channel.Trim();
    }

    public decimal MinimumTotal { get; }
    public string Channel { get; }

    public override string ToString() => $">= {MinimumTotal} → {Channel}";
}

/// <summary>Picks an order's channel: the matching route with the highest threshold wins, else the default channel.</summary>
public sealed class RouteTable
{
    private readonly IReadOnlyList<OrderRoute> _routes;

    public RouteTable(IEnumerable<OrderRoute>? routes, string? defaultChannel)
    {
        _routes = (routes ?? Enumerable.Empty<OrderRoute>()).OrderByDescending(r => r.MinimumTotal).ToList();
        DefaultChannel = string.IsNullOrWhiteSpace(defaultChannel) ? null : defaultChannel!.Trim();
    }

    public string? DefaultChannel { get; }
    public IReadOnlyList<OrderRoute> Routes => _routes;

    public string? ChannelFor(decimal total)
    {
        foreach (var route in _routes)
            if (total >= route.MinimumTotal) return route.Channel;
        return DefaultChannel;
    }

    /// <summary>Every channel an alert could go to.</summary>
    public IReadOnlyList<string> Channels =>
        _routes.Select(r => r.Channel).Concat(DefaultChannel == null ? Array.Empty<string>() : new[] { DefaultChannel }).Distinct(
            StringComparer.Ordinal).ToList();

    /// <summary>A problem with the rules for this threshold (an order that qualifies but has nowhere to go), or null.</summary>
    public string? Validate(decimal minimumTotal)
    {
        if (DefaultChannel != null) return null;
        if (_routes.Count == 0) return "No Slack channel: pass -Channel, set SLACK_CHANNEL_ID, or give -Route rules.";
        var lowest = _routes[_routes.Count - 1].MinimumTotal;
        if (lowest > minimumTotal)
            return $"Orders from {minimumTotal} up to {lowest} match no route and there is no default channel: pass -Channel or set " +
                $"SLACK_CHANNEL_ID, or add a route from {minimumTotal}.";
        return null;
    }
}
