namespace AlloyShopifySlack.Shopify;

/// <summary>Which orders <see cref="ShopifyClient.ReadOrdersAsync"/> reads.</summary>
public sealed class OrderQuery
{
    /// <summary>Orders created at or after this instant (inclusive). Null: no lower bound.</summary>
    public DateTimeOffset? CreatedAfter { get; set; }

    /// <summary>Orders created before this instant (exclusive). Null: no upper bound.</summary>
    public DateTimeOffset? CreatedBefore { get; set; }

    /// <summary>
    /// Orders updated at or after this instant (cancelled, refunded, edited, fulfilled, tagged ...), read in update
    /// order (sortKey UPDATED_AT) with the same paging as a created read; not with the created bounds or newest first.
    /// </summary>
    public DateTimeOffset? UpdatedAfter { get; set; }

    /// <summary>Raw Shopify search syntax, AND-ed with the date bounds (in parentheses).</summary>
    public string? Query { get; set; }

    /// <summary>Stop after this many orders. Null: all matching orders.</summary>
    public int? Limit { get; set; }

    /// <summary>
    /// Orders per listOrders call, 1 to 250 (Shopify's maximum). Lowered, when Shopify refuses a page as over its
    /// single-query cost limit, to what fits; that size is remembered for the store.
    /// </summary>
    public int PageSize { get; set; } = MaxPageSize;

    /// <summary>The caller chose <see cref="PageSize"/> (-PageSize): when it does not fit, say so as a warning, not only in
    /// Verbose.</summary>
    public bool PageSizeChosen { get; set; }

    /// <summary>Newest first (sortKey CREATED_AT, reverse); with <see cref="Limit"/>, the newest orders.</summary>
    public bool NewestFirst { get; set; }

    public const int MaxPageSize = 250;

    internal void Validate()
    {
        if (PageSize < 1 || PageSize > MaxPageSize)
            throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, $"PageSize must be between 1 and {MaxPageSize}.");
        if (Limit.HasValue && Limit.Value < 1)
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, "Limit must be at least 1.");
        if (UpdatedAfter.HasValue && (CreatedAfter.HasValue || CreatedBefore.HasValue || NewestFirst))
            throw new ArgumentException("A read by update time (UpdatedAfter) takes no created bounds and is oldest first.",
                nameof(UpdatedAfter));
        if (CreatedAfter.HasValue && CreatedBefore.HasValue && CreatedBefore.Value <= CreatedAfter.Value)
            throw new ArgumentException($"CreatedBefore ({CreatedBefore.Value:u}) must be later than CreatedAfter " +
                $"({CreatedAfter.Value:u}).", nameof(CreatedBefore));
    }
}
