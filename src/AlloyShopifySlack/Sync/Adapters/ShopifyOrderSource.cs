using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Sync.Adapters
{
    /// <summary>The engine's order source on <see cref="ShopifyClient"/>: whole pages of 250, read by created time or by id.</summary>
    public sealed class ShopifyOrderSource : IOrderSource
    {
        /// <summary>Ids per by-id query: keeps the search string short.</summary>
        private const int IdsPerQuery = 50;
        private readonly ShopifyClient _shopify;

        public ShopifyOrderSource(ShopifyClient shopify) { _shopify = shopify; }

        public async Task<ShopSummary> GetShopAsync(CancellationToken cancellationToken)
        {
            var shop = await _shopify.GetShopAsync(cancellationToken).ConfigureAwait(false);
            return new ShopSummary { Name = shop.Name, Currency = shop.Currency ?? string.Empty, Domain = shop.StoreDomain };
        }

        public IAsyncEnumerable<ShopifyOrder> ReadOrdersAsync(DateTimeOffset createdAfter, CancellationToken cancellationToken) =>
            _shopify.ReadOrdersAsync(new OrderQuery { CreatedAfter = createdAfter, PageSize = OrderQuery.MaxPageSize }, cancellationToken);

        public async IAsyncEnumerable<ShopifyOrder> ReadOrdersByIdAsync(IReadOnlyCollection<string> orderIds, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var numbers = orderIds.Select(Number).Where(n => n != null).Distinct().ToList();
            for (var start = 0; start < numbers.Count; start += IdsPerQuery)
            {
                var query = string.Join(" OR ", numbers.Skip(start).Take(IdsPerQuery).Select(n => "id:" + n));
                await foreach (var order in _shopify.ReadOrdersAsync(new OrderQuery { Query = query, PageSize = OrderQuery.MaxPageSize }, cancellationToken).ConfigureAwait(false))
                    yield return order;
            }
        }

        private static string? Number(string id)
        {
            var slash = id.LastIndexOf('/');
            var number = slash >= 0 ? id.Substring(slash + 1) : id;
            return number.Length > 0 && number.All(char.IsDigit) ? number : null;
        }
    }
}
