using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;

namespace AlloyShopifySlack.Cmdlets.Alloy;

/// <summary>Get-AlloyAction: a connector's actions, or one action's schema with its parameters.</summary>
[Cmdlet(VerbsCommon.Get, "AlloyAction")]
[OutputType(typeof(AlloyAction))]
public sealed class GetAlloyActionCommand : AlloyCmdlet
{
    /// <summary>The connector, for example shopify or slack (Get-AlloyConnector lists them; piped connectors bind here).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.ConnectorIdCompleter))]
    public string ConnectorId { get; set; } = string.Empty;

    /// <summary>One action (for example chat_postMessage): returns its schema, with Parameters filled in.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.ActionIdCompleter))]
    public string? ActionId { get; set; }

    protected override void ProcessRecord()
    {
        var client = ResolveConnection().Client;
        try
        {
            if (ActionId != null)
            {
                var action = Run(ct => client.GetActionAsync(ConnectorId, ActionId, ct));
                WriteObject(TypedOutput.As(action, TypedOutput.AlloyAction));
                return;
            }
            foreach (var action in Run(ct => client.ListActionsAsync(ConnectorId, ct))) WriteObject(
                TypedOutput.As(action, TypedOutput.AlloyAction));
        }
        catch (AlloyException ex)
        {
            WriteItemError(ex, ActionId ?? ConnectorId);
        }
    }
}
