using System.Runtime.CompilerServices;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Shopify;

public sealed partial class ShopifyClient
{
    private const int ProgressActivityId = 0x5301;

    /// <summary>
    /// Every matching order, exactly once, streamed page by page (only one page is held at a time). Orders the
    /// reader cannot use are reported as warnings through <see cref="OperationContext.Log"/> and skipped; use
    /// <see cref="ReadOrderResultsAsync"/> to handle them yourself.
    /// </summary>
    public async IAsyncEnumerable<ShopifyOrder> ReadOrdersAsync(OrderQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var result in ReadOrderResultsAsync(query, ct).ConfigureAwait(false))
        {
            if (result.Order != null) yield return result.Order;
            else OperationContext.Log.Write(LogLevel.Warning, result.Problem!.Message);
        }
    }

    /// <summary>Like <see cref="ReadOrdersAsync"/>, with the problems (unusable orders, gaps the reader could not close) in line.</summary>
    public async IAsyncEnumerable<OrderReadResult> ReadOrderResultsAsync(OrderQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        if (query == null) throw new ArgumentNullException(nameof(query));
        query.Validate();
        var store = await ResolveStoreDomainAsync(ct).ConfigureAwait(false);
        var pager = new OrderPager(query);
        FitBeforeRead(query, pager);
        var startedAt = _clock.UtcNow;
        var reportedProgress = false;
        // The next page is fetched while this one goes down the pipeline: two pages at most are held.
        using var prefetch = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var request = pager.Next();
        Task<OrderPage>? pending = FetchPageAsync(request, query, pager, prefetch.Token);
        try
        {
            while (pending != null)
            {
                var page = await pending.ConfigureAwait(false);
                pending = null;
                if (PageSizeThatFits is { } fits) pager.LimitPageSize(fits);
                var results = pager.Accept(page, request, node => ShopifyOrderParser.Parse(node, store));
                if (!pager.Done)
                {
                    request = pager.Next();
                    pending = FetchPageAsync(request, query, pager, prefetch.Token);
                    reportedProgress = true;
                    OperationContext.Log.Progress(new ProgressReport(ProgressActivityId, "Reading Shopify orders",
                        $"{pager.Emitted} orders in {pager.Pages} pages" + (pager.LastCreatedAt is { } last
                            ? (query.NewestFirst ? ", back to " : ", up to ") + ShopifySearch.Format(last) : string.Empty),
                        Percent(query, pager, startedAt)));
                }
                foreach (var result in results)
                {
                    ct.ThrowIfCancellationRequested(); // Ctrl+C stops the output at once, not at the end of the page
                    yield return result;
                }
            }
            OperationContext.Log.Write(LogLevel.Verbose, $"Read {pager.Emitted} Shopify orders in {pager.Pages} listOrders calls.");
        }
        finally
        {
            if (pending != null)
            {
                // The consumer stopped early (Select-Object -First, Ctrl+C, an error): drop the page fetched ahead.
                prefetch.Cancel();
                try { await pending.ConfigureAwait(false); }
                catch (Exception) { /* nobody wants this page any more */ }
            }
            if (reportedProgress)
                OperationContext.Log.Progress(new ProgressReport(ProgressActivityId, "Reading Shopify orders", "Done", 100,
                    Completed: true));
        }
    }

    private async Task<OrderPage> FetchPageAsync(PageRequest request, OrderQuery query, OrderPager pager, CancellationToken ct)
    {
        try
        {
            return await FetchFittingPageAsync(request, query, pager, ct).ConfigureAwait(false);
        }
        catch (AlloyException) when (pager.Emitted > 0 && pager.LastCreatedAt.HasValue && !query.NewestFirst && query.UpdatedAfter == null)
        {
            // The orders so far went down the pipeline; say where to pick up.
            OperationContext.Log.Write(LogLevel.Warning,
                $"Reading orders stopped after {pager.Emitted} orders; the last was created " +
                    $"at {ShopifySearch.Format(pager.LastCreatedAt.Value)}. " +
                $"To continue, run again with -CreatedAfter '{ShopifySearch.Format(pager.LastCreatedAt.Value)}' (orders at that " +
                    "instant come again).");
            throw;
        }
    }

    /// <summary>One page; a page Shopify refuses as over its single-query cost limit is asked for again, smaller.</summary>
    private async Task<OrderPage> FetchFittingPageAsync(PageRequest request, OrderQuery query, OrderPager pager, CancellationToken ct)
    {
        var asked = request.First;
        ShopifyCostRefusal? refusal = null;
        while (true)
        {
            if (PageSizeThatFits is { } fits && request.First > fits) request.First = fits;
            var parameters = new JsonObject { ["first"] = request.First, ["sortKey"] = request.SortKey };
            if (request.Reverse) parameters["reverse"] = true;
            if (request.Query.Length > 0) parameters["query"] = request.Query;
            if (request.After != null) parameters["after"] = request.After;
            OperationContext.Log.Write(LogLevel.Debug, $"listOrders first={request.First} query={request.Query}" + (request.After != null
                ? " after=" + request.After : string.Empty));
            JsonElement answer;
            try
            {
                answer = await ExecuteAsync(ListOrdersAction, new ActionRequest(CredentialId) { QueryParameters = parameters,
                    Idempotent = true },
                    "listOrders", ct).ConfigureAwait(false);
            }
            catch (AlloyException ex) when (ShopifyCostRefusal.From(ex) is { } relayed)
            {
                refusal = relayed;
                FitAfterRefusal(request, relayed);
                continue;
            }
            if (ShopifyCostRefusal.From(answer) is { } passedThrough)
            {
                refusal = passedThrough;
                FitAfterRefusal(request, passedThrough);
                continue;
            }
            var warning = ShopifyGraphQl.CheckErrors(answer, "orders", "listOrders");
            if (warning != null) OperationContext.Log.Write(LogLevel.Warning, warning);
            var page = OrderPage.Parse(answer);
            if (refusal != null) AnnounceFit(query, pager, asked, request.First, refusal);
            return page;
        }
    }

    private static int Percent(OrderQuery query, OrderPager pager, DateTimeOffset startedAt)
    {
        if (query.NewestFirst) return query.Limit is { } limit ? Math.Min(99, pager.Emitted * 100 / limit) : -1;
        if (!query.CreatedAfter.HasValue || !pager.LastCreatedAt.HasValue) return -1;
        var end = query.CreatedBefore ?? startedAt;
        var span = (end - query.CreatedAfter.Value).TotalSeconds;
        if (span <= 0) return -1;
        var done = (pager.LastCreatedAt.Value - query.CreatedAfter.Value).TotalSeconds / span;
        return (int)Math.Max(0, Math.Min(99, done * 100));
    }
}
