using System.Management.Automation;
using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>Connect-AlloySlack: connects a Slack workspace to the Alloy user through OAuth and returns the new credential.</summary>
[Cmdlet(VerbsCommunications.Connect, "AlloySlack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AlloyCredential))]
public sealed class ConnectAlloySlackCommand : ConnectOAuthCmdlet
{
    protected override string DisplayName => "Slack";

    protected override string ResolveConnectorId(AlloyClient client) => Clients(client).SlackConnectorId;
}
