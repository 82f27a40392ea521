using System.Runtime.CompilerServices;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync.Adapters;

/// <summary>
/// The engine's order source on <see cref="ShopifyClient"/>: the largest pages that fit (250, or what Shopify's
/// cost limit allows, learnt and kept in the sync state), read by created time or by id.
/// </summary>
public sealed class ShopifyOrderSource : IOrderSource, IUsesLearnedFacts
{
    /// <summary>Ids per by-id query: keeps the search string short.</summary>
    private const int IdsPerQuery = 50;
    private readonly ShopifyClient _shopify;
    private IOrderLedger? _facts;

    public ShopifyOrderSource(ShopifyClient shopify)
    {
        _shopify = shopify;
        _shopify.PageSizeLearned += size => _facts?.SetFact(LearnedFacts.ShopifyPageSize, size.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Starts with the page size an earlier run learnt (unless this session knows better) and records what is learnt.</summary>
    public void UseFacts(IOrderLedger ledger, bool record)
    {
        _facts = record ? ledger : null;
        var known = _shopify.PageSizeThatFits;
        if (known == null && ledger.Facts.TryGetValue(LearnedFacts.ShopifyPageSize, out var text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var stored) && stored >= 1
                && stored <= OrderQuery.MaxPageSize)
        {
            _shopify.PageSizeThatFits = stored;
        }
        else if (known is { } size && record && (!ledger.Facts.TryGetValue(LearnedFacts.ShopifyPageSize, out var recorded)
            || recorded != size.ToString(CultureInfo.InvariantCulture)))
        {
            ledger.SetFact(LearnedFacts.ShopifyPageSize, size.ToString(CultureInfo.InvariantCulture));
        }
    }

    public async Task<ShopSummary> GetShopAsync(CancellationToken cancellationToken)
    {
        var shop = await _shopify.GetShopAsync(cancellationToken).ConfigureAwait(false);
        return new ShopSummary { Name = shop.Name, Currency = shop.Currency ?? string.Empty, Domain = shop.StoreDomain };
    }

    public IAsyncEnumerable<ShopifyOrder> ReadOrdersAsync(DateTimeOffset createdAfter, CancellationToken cancellationToken) =>
        _shopify.ReadOrdersAsync(new OrderQuery { CreatedAfter = createdAfter, PageSize = OrderQuery.MaxPageSize }, cancellationToken);

    public IAsyncEnumerable<ShopifyOrder> ReadUpdatedOrdersAsync(DateTimeOffset updatedAfter, DateTimeOffset createdBefore,
        CancellationToken cancellationToken) =>
        _shopify.ReadOrdersAsync(new OrderQuery
        {
            UpdatedAfter = updatedAfter, PageSize = OrderQuery.MaxPageSize,
            Query = "created_at:<'" + ShopifySearch.Format(ShopifySearch.CeilingToSecond(createdBefore)) + "'",
        }, cancellationToken);

    public async IAsyncEnumerable<ShopifyOrder> ReadOrdersByIdAsync(IReadOnlyCollection<string> orderIds,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var numbers = orderIds.Select(Number).Where(n => n != null).Distinct().ToList();
        for (var start = 0; start < numbers.Count; start += IdsPerQuery)
        {
            var query = string.Join(" OR ", numbers.Skip(start).Take(IdsPerQuery).Select(n => "id:" + n));
            await foreach (var order in _shopify.ReadOrdersAsync(new OrderQuery { Query = query, PageSize = OrderQuery.MaxPageSize },
                cancellationToken).ConfigureAwait(false))
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
