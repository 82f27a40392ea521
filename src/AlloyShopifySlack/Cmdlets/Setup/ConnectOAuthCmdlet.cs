using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>
/// Shared by Connect-AlloyShopify, Connect-AlloySlack and Connect-AlloyGoogleSheets: runs Alloy's OAuth consent
/// for one connector and returns the new credential.
/// </summary>
public abstract class ConnectOAuthCmdlet : ConsentCmdlet
{
    /// <summary>The Alloy user who will own the credential. Default: the connection's user (ALLOY_USER_ID).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UserId { get; set; }

    /// <summary>The connector's display name ("Shopify").</summary>
    protected abstract string DisplayName { get; }

    /// <summary>The connector id: its setting (SHOPIFY_CONNECTOR_ID ...), else the default or what Alloy's connector list says.</summary>
    protected abstract string ResolveConnectorId(AlloyClient client);

    /// <summary>The store, for Shopify; null for the others.</summary>
    protected virtual string? StoreName => null;

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var store = StoreName;
        var client = ForUser(connection.Client, UserId);
        var user = client.UserId ?? "(none)";
        var target = $"{DisplayName} account" + (store != null ? $" '{store}'" : string.Empty) + $" for Alloy user {user}";
        if (!ShouldProcess(target, "Create an Alloy credential through the OAuth consent page")) return;
        var credential = RunConsent(client, new ConsentRequest(ResolveConnectorId(client), DisplayName) { StoreName = store });
        WriteObject(SetupOutput.Credential(credential));
    }
}
