using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Setup;

/// <summary>What Connect-AlloyShopify / -Slack / -GoogleSheets ask of <see cref="OAuthConsentFlow"/>.</summary>
public sealed class ConsentRequest(string connectorId, string displayName)
{
    public string ConnectorId { get; } = connectorId;
    /// <summary>"Shopify", "Slack" ...: for messages and the browser page.</summary>
    public string DisplayName { get; } = displayName;
    /// <summary>The Shopify store (only Shopify needs one).</summary>
    public string? StoreName { get; set; }
    /// <summary>A fixed redirect URI (e.g. http://localhost:8080/callback); null for 127.0.0.1, a free port and a nonce path.</summary>
    public Uri? RedirectUri { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Print the URL rather than open a browser.</summary>
    public bool NoBrowser { get; set; }
}

/// <summary>
/// A consent flow that has started: the credential request is made, the listener waits, the browser may be open.
/// Disposing it stops the listener.
/// </summary>
public sealed class PendingConsent : IDisposable
{
    internal PendingConsent(ConsentRequest request, OAuthCallbackListener? listener, IReadOnlyDictionary<string, AlloyCredential> before,
        Uri? consentUrl, string? immediateCredentialId)
    {
        Request = request;
        Listener = listener;
        Before = before;
        ConsentUrl = consentUrl;
        ImmediateCredentialId = immediateCredentialId;
    }

    public ConsentRequest Request { get; }
    /// <summary>The page the user must visit (Alloy's oauthUrl); null when Alloy created the credential at once.</summary>
    public Uri? ConsentUrl { get; }
    /// <summary>True when the system browser was started on <see cref="ConsentUrl"/>.</summary>
    public bool BrowserOpened { get; internal set; }
    /// <summary>Why the browser could not be opened (null when it was, or with -NoBrowser).</summary>
    public string? BrowserFailure { get; internal set; }
    public Uri? RedirectUri => Listener?.RedirectUri;
    internal OAuthCallbackListener? Listener { get; }
    /// <summary>The user's credentials for the connector before the flow, by id, to tell the new one apart.</summary>
    internal IReadOnlyDictionary<string, AlloyCredential> Before { get; }
    internal string? ImmediateCredentialId { get; }

    public void Dispose() => Listener?.Dispose();
}
