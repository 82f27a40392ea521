using System.Collections;
using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Cmdlets.Slack;

/// <summary>
/// Base of the Slack cmdlets that take orders: a ShopifyOrder by value, or any object with the order's
/// properties by name (Id, Name, Total, Currency, CustomerName, CreatedAt, LineItems, AdminUrl), so that
/// Import-Csv output or a [pscustomobject] works as well as Get-ShopifyOrder's.
/// </summary>
public abstract class SlackOrderCmdlet : AlloyCmdlet
{
    protected const string ByOrder = "Order";
    protected const string ByProperties = "Properties";

    /// <summary>The order (from Get-ShopifyOrder).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByOrder)]
    [ValidateNotNull]
    public ShopifyOrder? Order { get; set; }

    /// <summary>The order's id (gid) when the order comes as separate properties. Defaults to its name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperties)]
    [Alias("Id")]
    public string? OrderId { get; set; }

    /// <summary>The order's name, e.g. #1001, when the order comes as separate properties.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperties)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    public string? OrderName { get; set; }

    /// <summary>The order's total in the shop's currency, when the order comes as separate properties.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperties)]
    public decimal Total { get; set; }

    /// <summary>The currency of the total (USD ...).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperties)]
    public string? Currency { get; set; }

    /// <summary>The customer's name; empty for a guest order.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperties)]
    [AllowNull, AllowEmptyString]
    public string? CustomerName { get; set; }

    /// <summary>When the order was placed.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperties)]
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Line items: objects with Name, Quantity and UnitPrice.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperties)]
    [AllowNull]
    public object[]? LineItems { get; set; }

    /// <summary>The order's page in the Shopify admin.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByProperties)]
    [AllowNull, AllowEmptyString]
    public string? AdminUrl { get; set; }

    /// <summary>The store's subdomain, for the "View in Shopify admin" button. Default SHOPIFY_STORE_DOMAIN.</summary>
    [Parameter]
    public string? StoreDomain { get; set; }

    /// <summary>Adds an "Acknowledge" button (Start-SlackInteractionListener handles the clicks).</summary>
    [Parameter]
    public SwitchParameter WithAcknowledgeButton { get; set; }

    /// <summary>The message layout: a scriptblock ($_ is the order), a string with {placeholders}, or Block Kit hashtables/JSON.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Template { get; set; }

    private OrderMessageOptions? _options;
    private readonly OrderMessageBuilder _builder = new OrderMessageBuilder();

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        try
        {
            _options = new OrderMessageOptions
            {
                WithAcknowledgeButton = WithAcknowledgeButton,
                StoreDomain = Setting(StoreDomain, SettingNames.ShopifyStoreDomain),
                Template = TemplateArgument.From(Template),
            };
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(ErrorRecords.Argument(ex, "SlackTemplateInvalid", Template,
                "Fix the template the message names: Get-Help Send-SlackOrderAlert -Parameter Template lists its placeholders."));
        }
    }

    /// <summary>The order of the current pipeline item, whichever way it came.</summary>
    protected ShopifyOrder CurrentOrder()
    {
        if (ParameterSetName == ByOrder && Order != null) return Order;
        return new ShopifyOrder
        {
            Id = string.IsNullOrWhiteSpace(OrderId) ? OrderName ?? string.Empty : OrderId!,
            Name = OrderName ?? string.Empty,
            Total = Total,
            Currency = Currency ?? string.Empty,
            CustomerName = string.IsNullOrWhiteSpace(CustomerName) ? null : CustomerName,
            CreatedAt = CreatedAt ?? default,
            LineItems = ToLineItems(LineItems),
            LineItemCount = LineItems?.Length ?? 0,
            AdminUrl = string.IsNullOrWhiteSpace(AdminUrl) ? null : AdminUrl,
        };
    }

    /// <summary>Builds the order's message here, on the pipeline thread, where a template scriptblock may run.</summary>
    protected SlackMessage BuildMessage(ShopifyOrder order)
    {
        var message = _builder.Build(order, _options);
        foreach (var adjustment in message.Adjustments)
        {
            var text = $"Order {order.Name}: {adjustment}";
            if (Template != null) WriteWarning(text);
            else WriteVerbose(text);
        }
        return message;
    }

    private static IReadOnlyList<ShopifyLineItem> ToLineItems(object[]? items)
    {
        var list = new List<ShopifyLineItem>();
        if (items == null) return list;
        foreach (var raw in items)
        {
            var item = raw is PSObject wrapped ? wrapped.BaseObject : raw;
            if (item is ShopifyLineItem line) { list.Add(line); continue; }
            if (item is string name) { list.Add(new ShopifyLineItem { Name = name, Quantity = 1 }); continue; }
            var ps = PSObject.AsPSObject(raw);
            list.Add(new ShopifyLineItem
            {
                Name = Convert.ToString(Value(ps, "Name") ?? Value(ps, "Title"), System.Globalization.CultureInfo.InvariantCulture)
                    ?? string.Empty,
                Quantity = LanguagePrimitives.ConvertTo<int>(Value(ps, "Quantity") ?? 1),
                UnitPrice = Value(ps, "UnitPrice") is object price ? LanguagePrimitives.ConvertTo<decimal>(price) : (decimal?)null,
            });
        }
        return list;
    }

    private static object? Value(PSObject value, string name)
    {
        if (value.BaseObject is IDictionary dictionary) return dictionary.Contains(name) ? dictionary[name] : null;
        var property = value.Properties[name];
        return property?.Value is PSObject inner ? inner.BaseObject : property?.Value;
    }
}
