using System.Net;
using System.Text.RegularExpressions;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Setup;
using AlloyShopifySlack.Tests.Alloy;

namespace AlloyShopifySlack.Tests.Setup;

/// <summary>A fixed -RedirectUri carries a state value; a callback without it, or naming a credential Alloy does not list, is not
/// trusted.</summary>
public sealed class ForgedCallbackTests
{
    private static readonly HttpClient NoRedirects = new(new SocketsHttpHandler { AllowAutoRedirect = false,
        UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<EmulatorServer> Start(bool realistic, OAuthCallbackParameters callback)
    {
        var options = SchemaTestKit.Options(realistic);
        options.OAuthCallback = callback;
        return await EmulatorServer.StartAsync(options);
    }

    private static OAuthConsentFlow Flow(EmulatorServer emulator, AlloyShopifySlack.Alloy.AlloyClient client) =>
        new(client, clock: new PausesOnly());

    /// <summary>
    /// The short pauses between credential listings pass at once; the sign-in timeout never fires (a clock that moved
    /// time on would end the wait before the listener had handed over the callback).
    /// </summary>
    private sealed class PausesOnly : AlloyShopifySlack.Common.IClock
    {
        public DateTimeOffset UtcNow => SchemaTestKit.Now;

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
            delay <= TimeSpan.FromSeconds(5) ? Task.CompletedTask : Task.Delay(Timeout.Infinite, cancellationToken);
    }

    [Theory]
    [InlineData(false, OAuthCallbackParameters.None)]
    [InlineData(false, OAuthCallbackParameters.CredentialId)]
    [InlineData(true, OAuthCallbackParameters.None)]
    [InlineData(true, OAuthCallbackParameters.CredentialId)]
    public async Task A_forged_callback_that_arrives_first_is_refused_and_the_real_one_wins(bool realistic,
        OAuthCallbackParameters callback)
    {
        await using var emulator = await Start(realistic, callback);
        using var client = SchemaTestKit.Client(emulator);
        var flow = Flow(emulator, client);
        var port = OAuthCallbackListenerTests.FreePort();
        var existing = emulator.Tenant.SlackCredentialId;
        using var pending = await flow.BeginAsync(new ConsentRequest("slack",
            "Slack") { RedirectUri = new Uri($"http://127.0.0.1:{port}/callback"), NoBrowser = true }, CancellationToken.None);

        var forged = await NoRedirects.GetAsync($"http://127.0.0.1:{port}/callback?credentialId={existing}");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(pending.Listener!.Callback.IsCompleted);

        var page = await ConsentVisitor.VisitAsync(pending.ConsentUrl!); // Alloy's redirect carries the state back
        var credential = await flow.CompleteAsync(pending, CancellationToken.None);

        Assert.Contains("Slack is connected", page);
        Assert.NotEqual(existing, credential.CredentialId);
        var created = emulator.State.Directory.CredentialsOf(emulator.Tenant.UserId, "slack").Single(c => c.CredentialId != existing);
        Assert.Equal(created.CredentialId, credential.CredentialId);
        Assert.Equal(1, pending.Listener.RefusedCallbacks);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_hosted_consent_redirects_to_the_redirect_uri_with_its_state(bool realistic)
    {
        await using var emulator = await Start(realistic, OAuthCallbackParameters.CredentialId);
        using var client = SchemaTestKit.Client(emulator);
        var flow = Flow(emulator, client);
        var port = OAuthCallbackListenerTests.FreePort();
        using var pending = await flow.BeginAsync(new ConsentRequest("shopify", "Shopify") { StoreName = "my-store",
            RedirectUri = new Uri($"http://localhost:{port}/callback"), NoBrowser = true }, CancellationToken.None);

        var consent = await NoRedirects.GetStringAsync(pending.ConsentUrl);
        var state = Regex.Match(consent, "name=\"state\" value=\"([^\"]+)\"").Groups[1].Value;
        var answer = await NoRedirects.PostAsync(new Uri(pending.ConsentUrl!, "/_emulator/oauth/authorize"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = WebUtility.HtmlDecode(state), ["decision"] = "allow" }));

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var location = answer.Headers.Location!.ToString();
        Assert.StartsWith(pending.RedirectUri!.AbsoluteUri + "&credentialId=", location);
        Assert.Contains("?state=", location);
    }

    [Fact]
    public async Task A_callback_naming_a_credential_Alloy_does_not_list_is_never_used()
    {
        await using var emulator = await Start(realistic: true, OAuthCallbackParameters.None);
        using var client = SchemaTestKit.Client(emulator);
        var flow = Flow(emulator, client);
        using var pending = await flow.BeginAsync(new ConsentRequest("slack", "Slack") { NoBrowser = true }, CancellationToken.None);
        const string bogus = "0123456789abcdef01234567";

        var callback = await NoRedirects.GetAsync(pending.RedirectUri + "?credentialId=" + bogus);
        var error = await Assert.ThrowsAsync<OnboardingException>(() => flow.CompleteAsync(pending, CancellationToken.None));

        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Equal("OAuthCredentialUnconfirmed", error.ErrorId);
        Assert.Contains(bogus, error.Message);
        Assert.Contains("not used", error.Message);
    }
}
