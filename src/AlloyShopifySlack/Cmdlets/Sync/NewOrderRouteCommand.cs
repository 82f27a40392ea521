using System.Management.Automation;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Sync;

namespace AlloyShopifySlack.Cmdlets.Sync;

/// <summary>New-OrderRoute: a routing rule for Invoke-OrderSync -Route (orders from a total go to a channel).</summary>
[Cmdlet(VerbsCommon.New, "OrderRoute")]
[OutputType(TypeName)]
public sealed class NewOrderRouteCommand : PSCmdlet
{
    public const string TypeName = "AlloyShopifySlack.OrderRoute";

    /// <summary>Orders whose total (shop currency) is at least this go to -Channel.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, double.MaxValue)]
    [AmountArgument]
    public decimal MinimumTotal { get; set; }

    /// <summary>The Slack channel id for those orders, e.g. C0123456789.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.SlackChannelCompleter))]
    public string Channel { get; set; } = string.Empty;

    protected override void ProcessRecord() => WriteObject(TypedOutput.As(new OrderRoute(MinimumTotal, Channel), TypeName));
}
