namespace AlloyShopifySlack.Shopify;

/// <summary>What to ask listOrders for next.</summary>
internal sealed class PageRequest
{
    /// <summary>Orders asked for; the client may lower it to what fits Shopify's single-query cost limit.</summary>
    public int First { get; set; }
    public string Query { get; set; } = string.Empty;
    public string? After { get; set; }
    public string SortKey { get; set; } = "CREATED_AT";
    /// <summary>Newest first (reverse: true).</summary>
    public bool Reverse { get; set; }
    /// <summary>The lower bound of an oldest-first created_at window request (null for a cursor request or no lower bound).</summary>
    public DateTimeOffset? WindowStart { get; set; }
    /// <summary>The (exclusive) upper bound of a newest-first created_at window request.</summary>
    public DateTimeOffset? WindowEnd { get; set; }
    public bool TieBreak { get; set; }
}
