using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;

namespace AlloyShopifySlack.Cmdlets.Alloy;

/// <summary>Remove-AlloyCredential: disconnects a credential (a Shopify store, a Slack workspace) from the user.</summary>
[Cmdlet(VerbsCommon.Remove, "AlloyCredential", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveAlloyCredentialCommand : AlloyCmdlet
{
    /// <summary>The credential's id. Piped credentials (Get-AlloyCredential) bind here.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string CredentialId { get; set; } = string.Empty;

    /// <summary>
    /// The credential's connector (piped credentials carry it), for Alloy's per-connector delete route, used when the
    /// user route answers 404. Without it the connector is looked up in the user's credential list.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ConnectorId { get; set; }

    /// <summary>The Alloy user who owns the credential (default: the connection's user, else ALLOY_USER_ID).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UserId { get; set; }

    /// <summary>Removes without asking for confirmation (-WhatIf still only reports).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var client = ResolveClient(UserId);
            var owner = client.RequireUserId();
            if (!ShouldProcessUnlessForced(Force, $"Alloy credential {CredentialId} of user {owner}", "Remove")) return;
            Run(ct => client.DeleteCredentialAsync(CredentialId, ConnectorId, ct));
            WriteVerbose($"Removed the Alloy credential {CredentialId}.");
        }
        catch (AlloyNotFoundException)
        {
            WriteError(ErrorRecords.Create("AlloyCredentialNotFound", ErrorCategory.ObjectNotFound,
                $"Alloy has no credential '{CredentialId}' for this user (already removed?). Get-AlloyCredential lists " +
                    "them.", CredentialId));
        }
        catch (AlloyException ex)
        {
            WriteItemError(ex, CredentialId);
        }
    }
}
