using System;

namespace AlloyShopifySlack.Shopify
{
    /// <summary>Which orders <see cref="ShopifyClient.ReadOrdersAsync"/> reads.</summary>
    public sealed class OrderQuery
    {
        /// <summary>Orders created at or after this instant (inclusive). Null: no lower bound.</summary>
        public DateTimeOffset? CreatedAfter { get; set; }

        /// <summary>Orders created before this instant (exclusive). Null: no upper bound.</summary>
        public DateTimeOffset? CreatedBefore { get; set; }

        /// <summary>Raw Shopify search syntax, AND-ed with the date bounds (in parentheses).</summary>
        public string? Query { get; set; }

        /// <summary>Stop after this many orders. Null: all matching orders.</summary>
        public int? Limit { get; set; }

        /// <summary>Orders per listOrders call, 1 to 250 (Shopify's maximum).</summary>
        public int PageSize { get; set; } = MaxPageSize;

        public const int MaxPageSize = 250;

        internal void Validate()
        {
            if (PageSize < 1 || PageSize > MaxPageSize)
                throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, $"PageSize must be between 1 and {MaxPageSize}.");
            if (Limit.HasValue && Limit.Value < 1)
                throw new ArgumentOutOfRangeException(nameof(Limit), Limit, "Limit must be at least 1.");
            if (CreatedAfter.HasValue && CreatedBefore.HasValue && CreatedBefore.Value <= CreatedAfter.Value)
                throw new ArgumentException($"CreatedBefore ({CreatedBefore.Value:u}) must be later than CreatedAfter ({CreatedAfter.Value:u}).", nameof(CreatedBefore));
        }
    }
}
