using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>Base of the onboarding cmdlets: the consent flow with its messages, and onboarding error records.</summary>
public abstract class SetupCmdlet : AlloyCmdlet
{
    /// <summary>Runs core work; an Alloy or onboarding failure stops the cmdlet with its stable id and remedy.</summary>
    internal T RunStep<T>(Func<CancellationToken, Task<T>> work, object? target = null)
    {
        try
        {
            return Run(work);
        }
        catch (AlloyException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, target));
            throw; // not reached
        }
    }

    /// <summary>One connector's consent: create the credential, show or open the URL, wait, confirm.</summary>
    internal AlloyCredential RunConsent(AlloyClient client, ConsentRequest request)
    {
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
