using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;

namespace AlloyShopifySlack.Cmdlets.Alloy;

/// <summary>Get-AlloyCredentialMetadata: how a connector's credentials are made (authentication types and the input schema).</summary>
[Cmdlet(VerbsCommon.Get, "AlloyCredentialMetadata")]
[OutputType(typeof(AlloyCredentialMetadata))]
public sealed class GetAlloyCredentialMetadataCommand : AlloyCmdlet
{
    /// <summary>The connector, for example shopify (piped connectors bind here).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.ConnectorIdCompleter))]
    public string ConnectorId { get; set; } = string.Empty;

    protected override void ProcessRecord()
    {
        var client = ResolveConnection().Client;
        try
        {
            foreach (var metadata in Run(ct => client.GetCredentialMetadataAsync(ConnectorId, ct)))
                WriteObject(TypedOutput.As(metadata, TypedOutput.AlloyCredentialMetadata));
        }
        catch (AlloyNotFoundException ex)
        {
            WriteError(ErrorRecords.Create("AlloyConnectorNotFound", ErrorCategory.ObjectNotFound,
                $"{ex.Message} Is '{ConnectorId}' a connector? Get-AlloyConnector lists them.", ConnectorId));
        }
        catch (AlloyException ex)
        {
            WriteItemError(ex, ConnectorId);
        }
    }
}
