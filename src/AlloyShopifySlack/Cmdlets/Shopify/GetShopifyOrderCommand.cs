using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Cmdlets.Shopify;

/// <summary>Get-ShopifyOrder: every matching order, streamed page by page down the pipeline.</summary>
[Cmdlet(VerbsCommon.Get, "ShopifyOrder", DefaultParameterSetName = OldestFirst)]
[OutputType(ShopifyCmdlet.OrderTypeName)]
[OutputType(typeof(ShopifyOrder))]
public sealed class GetShopifyOrderCommand : ShopifyCmdlet
{
    private const string OldestFirst = "OldestFirst";
    private const string NewestFirst = "Newest";
    private static readonly TimeSpan DefaultLookBack = TimeSpan.FromHours(24);

    /// <summary>Orders created at or after this time. Default: 24 hours ago (24 hours before -CreatedBefore when only that is given); with
    /// -Newest, no lower bound.</summary>
    [Parameter(Position = 0)]
    public DateTimeOffset? CreatedAfter { get; set; }

    /// <summary>Orders created before this time. Default: no upper bound.</summary>
    [Parameter]
    public DateTimeOffset? CreatedBefore { get; set; }

    /// <summary>Shopify search syntax (financial_status:paid, tag:vip ...), AND-ed with the date bounds.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Query { get; set; }

    /// <summary>Return at most this many orders (the oldest first).</summary>
    [Parameter(ParameterSetName = OldestFirst)]
    [ValidateRange(1, int.MaxValue)]
    public int Limit { get; set; }

    /// <summary>Return the n newest orders, newest first (no default lower bound on the creation time).</summary>
    [Parameter(Mandatory = true, ParameterSetName = NewestFirst)]
    [ValidateRange(1, int.MaxValue)]
    public int Newest { get; set; }

    /// <summary>Orders per request to Alloy, 1 to 250. Default 250 (fewest requests), or what fits Shopify's cost limit.</summary>
    [Parameter]
    [ValidateRange(1, OrderQuery.MaxPageSize)]
    public int PageSize { get; set; } = OrderQuery.MaxPageSize;

    /// <summary>The store's subdomain (my-store), for admin links. Default: SHOPIFY_STORE_DOMAIN, else asked of Shopify.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StoreDomain { get; set; }

    protected override void ProcessRecord()
    {
        var query = BuildQuery();
        var client = CreateClient(StoreDomain);
        try
        {
            RunStream(ct => client.ReadOrderResultsAsync(query, ct), Emit);
        }
        catch (PipelineStoppedException) { throw; }
        catch (Exception ex) when (ex is AlloyException || ex is ArgumentException || ex is System.Net.Http.HttpRequestException)
        {
            ThrowError(ex);
        }
    }

    private void Emit(OrderReadResult result)
    {
        if (result.Order != null) WriteObject(AsOrderObject(result.Order));
        else WriteItemError(result.Problem!, result.Problem is UnusableOrderException unusable
            ? (object?)(unusable.OrderId ?? unusable.OrderName) : null);
    }

    private OrderQuery BuildQuery()
    {
        var newest = ParameterSetName == NewestFirst;
        var after = CreatedAfter ?? (newest ? (DateTimeOffset?)null : (CreatedBefore ?? DateTimeOffset.UtcNow) - DefaultLookBack);
        if (CreatedBefore.HasValue && after.HasValue && CreatedBefore.Value <= after.Value)
        {
            ThrowTerminatingError(ErrorRecords.Create("InvalidDateRange", ErrorCategory.InvalidArgument,
                $"-CreatedBefore ({CreatedBefore.Value:u}) must be later than -CreatedAfter ({after.Value:u}).", CreatedBefore));
        }
        return new OrderQuery
        {
            CreatedAfter = after,
            CreatedBefore = CreatedBefore,
            Query = Query,
            Limit = newest ? Newest : MyInvocation.BoundParameters.ContainsKey(nameof(Limit)) ? Limit : (int?)null,
            NewestFirst = newest,
            PageSize = PageSize,
            PageSizeChosen = MyInvocation.BoundParameters.ContainsKey(nameof(PageSize)),
        };
    }
}
