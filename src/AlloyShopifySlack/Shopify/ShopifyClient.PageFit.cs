using System.Collections.Concurrent;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Shopify;

/// <summary>
/// Pages that fit Shopify's single-query cost limit: a refused page is asked for again with the size that the
/// refusal's cost and maxCost say fits, and that size is remembered per store for the rest of the session.
/// </summary>
public sealed partial class ShopifyClient
{
    private static readonly ConcurrentDictionary<string, int> FittingPageSizes =
        new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Raised with the page size a cost refusal taught (smaller than any known before); the sync records it in its
    /// state.</summary>
    public event Action<int>? PageSizeLearned;

    /// <summary>
    /// The most orders per listOrders call known to fit Shopify's single-query cost limit for this store: learnt
    /// from a refusal and kept for the session (per Alloy address, user and credential), or set from the sync
    /// state so that a later run starts right. Null: nothing refused yet.
    /// </summary>
    public int? PageSizeThatFits
    {
        get => FittingPageSizes.TryGetValue(MemoryKey, out var size) ? size : (int?)null;
        set
        {
            if (value is { } size && size >= 1 && size <= OrderQuery.MaxPageSize) FittingPageSizes[MemoryKey] = size;
            else FittingPageSizes.TryRemove(MemoryKey, out _);
        }
    }

    private string MemoryKey => $"{_client.Options.BaseUri.AbsoluteUri}|{_client.UserId}|{ConnectorId}|{CredentialId}";

    /// <summary>A page size known not to fit is lowered before the first call.</summary>
    private void FitBeforeRead(OrderQuery query, OrderPager pager)
    {
        if (!(PageSizeThatFits is { } fits) || fits >= query.PageSize) return;
        pager.LimitPageSize(fits);
        if (query.Limit is { } limit && limit <= fits) return; // the size never mattered
        AnnounceFit(query, pager, query.PageSize, fits, refusal: null);
    }

    /// <summary>Lowers the refused request to what should fit, and remembers it; one order too costly is an error.</summary>
    private void FitAfterRefusal(PageRequest request, ShopifyCostRefusal refusal)
    {
        var fit = refusal.FittingPageSize(request.First);
        if (fit == 0)
        {
            throw new ProviderException("Shopify", ShopifyCostRefusal.Code,
                $"Shopify refuses listOrders even for one order a page: {refusal.Describe()}. The Shopify connector's query asks for too " +
                    "much; report it to Alloy.");
        }
        OperationContext.Log.Write(LogLevel.Debug, $"Shopify refused listOrders first={request.First}: {refusal.Describe()}. " +
            $"Asking for {fit}.");
        request.First = fit;
        if (PageSizeThatFits is { } known && known <= fit) return;
        PageSizeThatFits = fit;
        PageSizeLearned?.Invoke(fit);
    }

    /// <summary>Says once per read which page size is used instead: a warning when the caller chose the size, else Verbose.</summary>
    private static void AnnounceFit(OrderQuery query, OrderPager pager, int asked, int fits, ShopifyCostRefusal? refusal)
    {
        if (pager.PageFitAnnounced || fits >= asked) return;
        pager.PageFitAnnounced = true;
        var why = refusal == null
            ? "Shopify refused larger pages from this store earlier, as over its single-query cost limit"
            : $"Shopify refused a page of {asked} orders because {refusal.Describe()}";
        if (query.PageSizeChosen)
            OperationContext.Log.Write(LogLevel.Warning, $"-PageSize {asked} is too large for this store: {why}. Reading on with " +
                $"-PageSize {fits}, which fits; pass -PageSize {fits} to start there.");
        else
            OperationContext.Log.Write(LogLevel.Verbose, $"{why}; reading on with {fits} orders a page.");
    }
}
