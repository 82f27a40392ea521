using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;

namespace AlloyShopifySlack.Cmdlets.Alloy;

/// <summary>Get-AlloyCredential: the user's credentials (connected Shopify stores, Slack workspaces ...), for one connector or
/// all.</summary>
[Cmdlet(VerbsCommon.Get, "AlloyCredential")]
[OutputType(typeof(AlloyCredential))]
public sealed class GetAlloyCredentialCommand : AlloyCmdlet
{
    /// <summary>Only this connector's credentials, for example slack (piped connectors bind here).</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.ConnectorIdCompleter))]
    public string? ConnectorId { get; set; }

    /// <summary>The Alloy user whose credentials to list (default: the connection's user, else ALLOY_USER_ID).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UserId { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var client = ResolveClient(UserId);
            foreach (var credential in Run(ct => client.ListCredentialsAsync(ConnectorId, ct)))
                WriteObject(TypedOutput.As(credential, TypedOutput.AlloyCredential));
        }
        catch (AlloyException ex)
        {
            WriteItemError(ex, ConnectorId);
        }
    }
}
