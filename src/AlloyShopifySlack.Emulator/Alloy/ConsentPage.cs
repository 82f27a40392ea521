using System.Net;
using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Alloy;

/// <summary>
/// The hosted OAuth step: oauthUrl opens this page; Allow stores the credential and sends the browser to the
/// redirectUri, Deny sends it back without one. Works in a headless browser (buttons #allow and #deny).
/// </summary>
public static class ConsentPage
{
    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapGet("/_emulator/oauth/authorize", (HttpContext context) => Show(context, state).WriteAsync(context));
        app.MapPost("/_emulator/oauth/authorize", async (HttpContext context) =>
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
            var decision = form?["decision"].ToString() ?? context.Request.Query["decision"].ToString();
            var consentState = form?["state"].ToString() ?? context.Request.Query["state"].ToString();
            await Answer(state, consentState, decision).WriteAsync(context);
        });
    }

    private static Reply Show(HttpContext context, EmulatorState state)
    {
        state.Counters.Increment("GET /_emulator/oauth/authorize");
        var consent = state.Consents.Find(context.Request.Query["state"].ToString());
        if (consent == null) return Reply.Html(Page("Authorization link expired",
            "<p id=\"error\">This authorization link is unknown, expired or already used. Start the connection again.</p>"), 400);
        var user = state.Directory.FindUser(consent.UserId);
        var connector = WebUtility.HtmlEncode(ConnectorCatalog.DisplayName(consent.ConnectorId));
        var who = WebUtility.HtmlEncode(user?.FullName ?? user?.Username ?? consent.UserId);
        var body = $"""
            <h1>Allow {connector} access</h1>
            <p>Alloy (emulated) asks to connect <strong>{connector}</strong> for <strong>{who}</strong>.</p>
            <p>After you choose, your browser returns to <code>{WebUtility.HtmlEncode(consent.RedirectUri)}</code>.</p>
            <form method="post" action="/_emulator/oauth/authorize">
              <input type="hidden" name="state" value="{WebUtility.HtmlEncode(consent.State)}">
              <button id="allow" type="submit" name="decision" value="allow">Allow</button>
              <button id="deny" type="submit" name="decision" value="deny">Deny</button>
            </form>
            """;
        return Reply.Html(Page($"Allow {connector} access", body));
    }

    /// <summary>Allow or deny a pending consent; a consent can be answered once.</summary>
    public static Reply Answer(EmulatorState state, string? consentState, string? decision)
    {
        state.Counters.Increment("POST /_emulator/oauth/authorize");
        var consent = state.Consents.Take(consentState);
        if (consent == null) return Reply.Html(Page("Authorization link expired",
            "<p id=\"error\">This authorization link is unknown, expired or already used.</p>"), 400);
        var withParameters = state.Options.OAuthCallback == OAuthCallbackParameters.CredentialId;
        if (!string.Equals(decision, "allow", StringComparison.OrdinalIgnoreCase))
            return Reply.Redirect(withParameters ? AddQuery(consent.RedirectUri, "error=access_denied") : consent.RedirectUri);
        if (state.Directory.FindUser(consent.UserId) == null) return Reply.Html(
            Page("User removed", "<p id=\"error\">The Alloy user no longer exists.</p>"), 400);
        var credential = state.Directory.AddCredential(consent.UserId, consent.ConnectorId, state.CredentialType(consent.ConnectorId),
            state.Clock.UtcNow);
        return Reply.Redirect(withParameters ? AddQuery(consent.RedirectUri, "credentialId=" + credential.CredentialId)
            : consent.RedirectUri);
    }

    private static string AddQuery(string uri, string parameter)
    {
        var hash = uri.IndexOf('#');
        var fragment = hash >= 0 ? uri[hash..] : string.Empty;
        var bare = hash >= 0 ? uri[..hash] : uri;
        return bare + (bare.Contains('?') ? "&" : "?") + parameter + fragment;
    }

    private static string Page(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{{title}}</title>
        <style>body{font-family:sans-serif;max-width:36em;margin:4em auto}button{font-size:1.1em;margin-right:1em;padding:.4em 1.2em}
        </style>
        </head><body>
        {{body}}
        </body></html>
        """;
}
