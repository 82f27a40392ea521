using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>
/// Base of the cmdlets that run Alloy's OAuth consent (Initialize-AlloyShopifySlack and the Connect-Alloy* commands): the
/// redirect, browser and timeout parameters, and the flow with its messages.
/// </summary>
public abstract class ConsentCmdlet : SetupCmdlet
{
    /// <summary>A fixed redirect URI on this machine (e.g. http://localhost:8080/callback, if your Alloy app only allows that). Default:
    /// 127.0.0.1, a free port and a one-time path.</summary>
    [Parameter]
    public Uri? RedirectUri { get; set; }

    /// <summary>Print the consent URL instead of opening a browser (for SSH sessions, or to open it on another device of this
    /// machine).</summary>
    [Parameter]
    public SwitchParameter NoBrowser { get; set; }

    /// <summary>How long each consent waits for the sign-in to finish in the browser. Default 300.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSeconds { get; set; } = 300;

    /// <summary>One connector's consent, with this cmdlet's redirect, browser and timeout: create the credential, show or open the URL,
    /// wait, confirm.</summary>
    internal AlloyCredential RunConsent(AlloyClient client, ConsentRequest request)
    {
        request.RedirectUri = RedirectUri;
        request.NoBrowser = NoBrowser;
        request.Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
        var flow = new OAuthConsentFlow(client, SetupServices.BrowserLauncher, SetupServices.Clock);
        using var pending = RunStep(ct => flow.BeginAsync(request, ct), request.ConnectorId);
        ShowConsentUrl(pending);
        return RunStep(ct => flow.CompleteAsync(pending, ct), request.ConnectorId);
    }

    private void ShowConsentUrl(PendingConsent pending)
    {
        var request = pending.Request;
        if (pending.ConsentUrl == null)
        {
            WriteVerbose($"Alloy created the {request.DisplayName} credential without a consent page.");
            return;
        }
        var url = pending.ConsentUrl.AbsoluteUri;
        var wait = $"Waiting up to {request.Timeout.TotalSeconds:0} s for the sign-in to finish (Ctrl+C cancels).";
        if (pending.BrowserOpened)
        {
            SetupOutput.Host(this, $"Your browser is open at the {request.DisplayName} consent page. {wait}");
            SetupOutput.Host(this, $"If it did not open, visit: {url}");
            return;
        }
        var why = request.NoBrowser ? string.Empty : $"Could not open a browser ({pending.BrowserFailure ?? "unknown reason"}). ";
        var message = $"{why}Open this URL in a browser on this machine to connect {request.DisplayName}: {url}";
        SetupOutput.Host(this, message);
        SetupOutput.Host(this, wait);
        WriteWarning(message);
    }
}
