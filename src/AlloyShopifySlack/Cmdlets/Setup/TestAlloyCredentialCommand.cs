using System.Management.Automation;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>
/// Test-AlloyCredential: checks one credential: listed for the user, and a read-only call through it works
/// (Shopify getShop, Slack auth_test). Pipe Get-AlloyCredential into it to check them all.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "AlloyCredential")]
[OutputType(typeof(HealthCheckResult))]
public sealed class TestAlloyCredentialCommand : SetupCmdlet
{
    /// <summary>The credential to check.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string CredentialId { get; set; } = string.Empty;

    /// <summary>Its connector (shopify, slack ...). Default: the connector Alloy lists it under.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.ConnectorIdCompleter))]
    public string? ConnectorId { get; set; }

    /// <summary>The Alloy user who owns it. Default: the connection's user.</summary>
    [Parameter]
    public string? UserId { get; set; }

    protected override void ProcessRecord()
    {
        var clients = Clients(ForUser(ResolveConnection().Client, UserId));
        var settings = new HealthCheckSettings { ShopifyConnectorId = clients.ShopifyConnectorId,
            SlackConnectorId = clients.SlackConnectorId };
        var connector = string.IsNullOrEmpty(ConnectorId) ? null : ConnectorId;
        var result = RunStep(ct => new ConnectionHealthCheck(clients.Alloy).TestCredentialAsync(CredentialId, connector, settings,
            ct), CredentialId);
        WriteObject(SetupOutput.Health(result));
        if (result.Status == HealthStatus.Failed)
            WriteError(ErrorRecords.Create("AlloyCredentialTestFailed", ErrorCategory.ConnectionError,
                $"Credential {CredentialId}: {result.Detail}", CredentialId, result.Remedy));
    }
}
