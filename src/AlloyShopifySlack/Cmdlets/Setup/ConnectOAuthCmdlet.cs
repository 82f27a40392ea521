using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>
/// Shared by Connect-AlloyShopify, Connect-AlloySlack and Connect-AlloyGoogleSheets: runs Alloy's OAuth consent
/// for one connector and returns the new credential.
/// </summary>
public abstract class ConnectOAuthCmdlet : SetupCmdlet
{
    /// <summary>A fixed redirect URI on this machine (e.g. http://localhost:8080/callback, if your Alloy app only allows that). Default:
    /// 127.0.0.1, a free port and a one-time path.</summary>
    [Parameter]
    public Uri? RedirectUri { get; set; }

    /// <summary>Print the consent URL instead of opening a browser (for SSH sessions, or to open it on another device of this
    /// machine).</summary>
    [Parameter]
    public SwitchParameter NoBrowser { get; set; }

    /// <summary>How long to wait for the sign-in to finish in the browser. Default 300.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSeconds { get; set; } = 300;

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
        var request = new ConsentRequest(ResolveConnectorId(client), DisplayName)
        {
            StoreName = store,
            RedirectUri = RedirectUri,
            Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
            NoBrowser = NoBrowser,
        };
        var credential = RunConsent(client, request);
        WriteObject(SetupOutput.Credential(credential));
    }
}
