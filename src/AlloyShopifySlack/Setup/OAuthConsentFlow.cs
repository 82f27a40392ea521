using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Setup;

/// <summary>
/// Connects a user's Shopify, Slack or Google Sheets account through Alloy's hosted OAuth consent: note the existing credentials, listen on
/// loopback, create the credential (→ oauthUrl), open the browser,
/// wait for the one callback, then confirm by listing credentials, because what Alloy's redirect carries is
/// unconfirmed. In two steps so that the cmdlet can show the URL on the pipeline thread in between.
/// </summary>
public sealed class OAuthConsentFlow
{
    /// <summary>Pauses between listings while Alloy finishes storing the credential after the redirect.</summary>
    internal static readonly TimeSpan[] ConfirmDelays = { TimeSpan.Zero, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(2) };

    private readonly AlloyClient _client;
    private readonly IBrowserLauncher _browser;
    private readonly IClock _clock;

    public OAuthConsentFlow(AlloyClient client, IBrowserLauncher? browser = null, IClock? clock = null)
    {
        _client = client;
        _browser = browser ?? SystemBrowserLauncher.Instance;
        _clock = clock ?? SystemClock.Instance;
    }

    public async Task<PendingConsent> BeginAsync(ConsentRequest request, CancellationToken ct)
    {
        var userId = _client.RequireUserId();
        var log = OperationContext.Log;
        var before = (await _client.ListCredentialsAsync(request.ConnectorId, ct).ConfigureAwait(false))
            .GroupBy(c => c.CredentialId).ToDictionary(g => g.Key, g => g.First());
        log.Write(LogLevel.Verbose, $"User {userId} has {before.Count} {request.DisplayName} credential(s) before sign-in.");
        var metadata = CredentialRequestBuilder.ChooseOAuth(
            await _client.GetCredentialMetadataAsync(request.ConnectorId, ct).ConfigureAwait(false), request.ConnectorId);

        var listener = OAuthCallbackListener.Start(request.RedirectUri, request.DisplayName);
        try
        {
            var built = CredentialRequestBuilder.Build(metadata, userId, listener.RedirectUri, request.StoreName);
            if (built.Note != null) log.Write(LogLevel.Warning, built.Note);
            if (built.StoreField != null) log.Write(LogLevel.Verbose, $"The store goes in '{built.StoreField.Path}' (from Alloy's " +
                "credential schema).");
            log.Write(LogLevel.Verbose, $"Waiting for the browser at {listener.RedirectUri.GetLeftPart(UriPartial.Authority)}.");

            var created = await _client.CreateCredentialAsync(request.ConnectorId, built.Body, ct).ConfigureAwait(false);
            if (string.IsNullOrEmpty(created.OAuthUrl))
            {
                if (string.IsNullOrEmpty(created.CredentialId))
                    throw new OnboardingException("OAuthUrlMissing", OnboardingFailure.UnexpectedAnswer,
                        $"Alloy accepted the {request.DisplayName} credential request but returned neither an oauthUrl nor a credentialId.",
                        "Check the connector with Get-AlloyCredentialMetadata, then try again.");
                listener.Dispose();
                return new PendingConsent(request, null, before, null, created.CredentialId);
            }
            if (!Uri.TryCreate(created.OAuthUrl, UriKind.Absolute, out var consentUrl)
                || (consentUrl.Scheme != "https" && consentUrl.Scheme != "http"))
                throw new OnboardingException("OAuthUrlInvalid", OnboardingFailure.UnexpectedAnswer,
                    $"Alloy's consent address for {request.DisplayName} is not an http(s) URL, so it was not opened.",
                    "Check ALLOY_BASE_URL points at Alloy, then try again.");

            var pending = new PendingConsent(request, listener, before, consentUrl, null);
            if (!request.NoBrowser)
            {
                pending.BrowserOpened = _browser.TryOpen(consentUrl, out var failure);
                pending.BrowserFailure = failure;
            }
            return pending;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the callback (timeout, cancellation), then finds the credential the consent created.</summary>
    public async Task<AlloyCredential> CompleteAsync(PendingConsent pending, CancellationToken ct)
    {
        var request = pending.Request;
        string? callbackId = pending.ImmediateCredentialId;
        if (pending.Listener != null)
        {
            var callback = await WaitForCallbackAsync(pending.Listener, request, ct).ConfigureAwait(false);
            if (callback.IsError)
                throw new OnboardingException("OAuthDenied", OnboardingFailure.Denied,
                    $"{request.DisplayName} was not connected: the sign-in came back with '{callback.DescribeError()}'.",
                    $"Run the command again and choose Allow on the {request.DisplayName} page; check that the account may " +
                        "install the app.");
            callbackId = callback.CredentialId;
            OperationContext.Log.Write(LogLevel.Verbose, "The browser came back"
                + (callbackId != null ? $" with credential {callbackId}." : "; looking for the new credential."));
        }
        return await ConfirmAsync(pending, callbackId, ct).ConfigureAwait(false);
    }

    private async Task<OAuthCallback> WaitForCallbackAsync(OAuthCallbackListener listener, ConsentRequest request, CancellationToken ct)
    {
        using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var timer = _clock.Delay(request.Timeout, stopTimer.Token);
        var cancelled = Task.Delay(System.Threading.Timeout.Infinite, stopTimer.Token);
        var first = await Task.WhenAny(listener.Callback, timer, cancelled).ConfigureAwait(false);
        stopTimer.Cancel();
        if (first == listener.Callback) return await listener.Callback.ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (listener.RefusedCallbacks > 0)
            throw new OnboardingException("OAuthTimeout", OnboardingFailure.Timeout,
                $"No answer from the {request.DisplayName} sign-in within {request.Timeout.TotalSeconds:0} " +
                    $"seconds; {listener.RefusedCallbacks} request(s) " +
                "reached the callback address without this sign-in's state value and were refused.",
                "If that was your browser, Alloy dropped the query string of the redirect URI: omit -RedirectUri (the default address " +
                    "needs no state value), or try again.");
        throw new OnboardingException("OAuthTimeout", OnboardingFailure.Timeout,
            $"No answer from the {request.DisplayName} sign-in within {request.Timeout.TotalSeconds:0} seconds.",
            "Run the command again and finish the sign-in in the browser sooner, or give it longer with -TimeoutSeconds.");
    }

    private async Task<AlloyCredential> ConfirmAsync(PendingConsent pending, string? callbackId, CancellationToken ct)
    {
        var request = pending.Request;
        foreach (var delay in ConfirmDelays)
        {
            await _clock.Delay(delay, ct).ConfigureAwait(false);
            var now = await _client.ListCredentialsAsync(request.ConnectorId, ct).ConfigureAwait(false);
            var found = Pick(now, pending.Before, callbackId);
            if (found != null)
            {
                if (string.IsNullOrEmpty(found.ConnectorId)) found.ConnectorId = request.ConnectorId;
                return found;
            }
        }
        if (!string.IsNullOrEmpty(callbackId))
        {
            // Anything on this machine can call the callback address: an id the list does not confirm is never used.
            throw new OnboardingException("OAuthCredentialUnconfirmed", OnboardingFailure.NoNewCredential,
                $"The {request.DisplayName} sign-in named credential {callbackId}, but Alloy does not list it for user {_client.UserId}, " +
                    "so it was not used.",
                $"Check Get-AlloyCredential -ConnectorId {request.ConnectorId}; if the new credential is there, use its id, otherwise " +
                    "run the command again.");
        }
        throw new OnboardingException("OAuthNoNewCredential", OnboardingFailure.NoNewCredential,
            $"The {request.DisplayName} sign-in returned, but Alloy lists no new {request.DisplayName} credential for " +
                $"user {_client.UserId}.",
            $"The consent may not have finished: run the command again, and check Get-AlloyCredential -ConnectorId {request.ConnectorId}.");
    }

    /// <summary>
    /// The credential the callback named, only when listed; else one that was not there before (the newest, if several); else one
    /// that was updated since (a repeated consent may refresh an existing credential rather than add one).
    /// </summary>
    internal static AlloyCredential? Pick(IReadOnlyList<AlloyCredential> now, IReadOnlyDictionary<string, AlloyCredential> before,
        string? callbackId)
    {
        if (!string.IsNullOrEmpty(callbackId)) return now.FirstOrDefault(c => c.CredentialId == callbackId);
        var added = now.Where(c => !before.ContainsKey(c.CredentialId)).ToList();
        if (added.Count > 0) return Newest(added);
        var refreshed = now.Where(c => before.TryGetValue(c.CredentialId, out var old) && c.UpdatedAt != null
            && c.UpdatedAt > old.UpdatedAt).ToList();
        return refreshed.Count > 0 ? Newest(refreshed) : null;
    }

    private static AlloyCredential Newest(List<AlloyCredential> credentials) =>
        credentials.Any(c => c.CreatedAt != null || c.UpdatedAt != null)
            ? credentials.OrderBy(c => c.UpdatedAt ?? c.CreatedAt ?? DateTimeOffset.MinValue).Last()
            : credentials.Last();
}
