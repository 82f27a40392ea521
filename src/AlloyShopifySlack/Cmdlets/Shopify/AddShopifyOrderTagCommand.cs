using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Cmdlets.Shopify;

/// <summary>Add-ShopifyOrderTag: adds tags to orders (Shopify tagsAdd), from the pipeline or by id.</summary>
[Cmdlet(VerbsCommon.Add, "ShopifyOrderTag", SupportsShouldProcess = true, DefaultParameterSetName = ByOrder)]
[OutputType(ShopifyCmdlet.OrderTypeName)]
public sealed class AddShopifyOrderTagCommand : ShopifyCmdlet
{
    private const string ByOrder = "Order";
    private const string ById = "OrderId";

    /// <summary>The order to tag (from Get-ShopifyOrder).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByOrder)]
    [ValidateNotNull]
    public ShopifyOrder? Order { get; set; }

    /// <summary>The order's id: gid://shopify/Order/123 or 123. Binds piped strings and the Id property of piped objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ById)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    public string? OrderId { get; set; }

    /// <summary>The tags to add. Tags the order has already are left as they are.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string[] Tag { get; set; } = Array.Empty<string>();

    /// <summary>Writes the tagged order (with its Tags updated) down the pipeline; with -OrderId, nothing is written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private ShopifyClient? _client;

    protected override void ProcessRecord()
    {
        var id = Order?.Id ?? OrderId!;
        var label = Order != null && !string.IsNullOrEmpty(Order.Name) ? $"{Order.Name} ({id})" : id;
        var tags = Tag.Select(t => t?.Trim() ?? string.Empty).ToList();
        if (!ShouldProcess(label, $"Add tag(s) {string.Join(", ", tags)}")) return;

        _client ??= CreateClient();
        try
        {
            Run(ct => _client.AddTagsAsync(id, tags, ct));
        }
        catch (PipelineStoppedException) { throw; }
        catch (Exception ex) when (ex is AlloyException || ex is ArgumentException)
        {
            WriteItemError(ex, (object?)Order ?? id);
            return;
        }

        if (PassThru && Order != null)
        {
            Order.Tags = Order.Tags.Concat(tags).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            WriteObject(AsOrderObject(Order));
        }
    }
}
