using System.Net;
using System.Net.Sockets;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Tests.Setup;

public sealed class OAuthCallbackListenerTests
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout =
        TimeSpan.FromSeconds(30) };

    [Fact]
    public void Listens_on_127_0_0_1_with_an_unguessable_single_use_path()
    {
        using var first = OAuthCallbackListener.Start(null, "Shopify");
        using var second = OAuthCallbackListener.Start(null, "Shopify");

        Assert.Equal("127.0.0.1", first.RedirectUri.Host);
        Assert.StartsWith("/callback/", first.RedirectUri.AbsolutePath);
        Assert.True(first.RedirectUri.AbsolutePath.Length >= "/callback/".Length + 40, "the nonce carries 256 bits");
        Assert.NotEqual(first.RedirectUri.AbsolutePath, second.RedirectUri.AbsolutePath);
        Assert.NotEqual(first.RedirectUri.Port, second.RedirectUri.Port);
    }

    [Fact]
    public async Task Accepts_exactly_one_matching_request_and_refuses_others_with_404()
    {
        using var listener = OAuthCallbackListener.Start(null, "Shopify");
        var root = listener.RedirectUri.GetLeftPart(UriPartial.Authority);

        var wrongPath = await Http.GetAsync(root + "/callback/guess");
        var favicon = await Http.GetAsync(root + "/favicon.ico");
        var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, listener.RedirectUri));
        Assert.Equal(HttpStatusCode.NotFound, wrongPath.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, favicon.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);   // a preview or link checker does not use up the callback
        Assert.False(listener.Callback.IsCompleted);

        var match = await Http.GetAsync(listener.RedirectUri + "?credentialId=abc123&extra=x%20y");
        var page = await match.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, match.StatusCode);
        Assert.Contains("return to the terminal", page);
        Assert.Equal("text/html", match.Content.Headers.ContentType?.MediaType);

        var callback = await listener.Callback.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("abc123", callback.CredentialId);
        Assert.Equal("x y", callback.Query["extra"]);
        Assert.False(callback.IsError);

        var replay = await Http.GetAsync(listener.RedirectUri);
        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
    }

    [Fact]
    public async Task Reports_a_denial_and_tells_the_browser()
    {
        using var listener = OAuthCallbackListener.Start(null, "Slack");
        var response = await Http.GetAsync(listener.RedirectUri + "?error=access_denied&error_description=The+user+said+no");
        var page = await response.Content.ReadAsStringAsync();
        var callback = await listener.Callback.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(callback.IsError);
        Assert.Equal("access_denied: The user said no", callback.DescribeError());
        Assert.Contains("Slack was not connected", page);
        Assert.Contains("access_denied", page);
    }

    [Fact]
    public async Task An_idle_connection_does_not_hold_up_the_real_request()
    {
        using var listener = OAuthCallbackListener.Start(null, "Shopify");
        using var idle = new TcpClient();
        await idle.ConnectAsync(IPAddress.Loopback, listener.RedirectUri.Port);   // a browser's pre-connect that never speaks

        var response = await Http.GetAsync(listener.RedirectUri);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await listener.Callback.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_fixed_redirect_uri_binds_its_port_and_path_and_wants_its_state_back()
    {
        var port = FreePort();
        using var listener = OAuthCallbackListener.Start(new Uri($"http://localhost:{port}/callback"), "Shopify");
        Assert.StartsWith($"http://localhost:{port}/callback?state=", listener.RedirectUri.ToString());
        var state = listener.RedirectUri.Query["?state=".Length..];
        Assert.True(state.Length >= 40, "the state carries 256 bits");

        var other = await Http.GetAsync($"http://127.0.0.1:{port}/other");
        var stateless = await Http.GetAsync($"http://127.0.0.1:{port}/callback");
        var wrong = await Http.GetAsync($"http://127.0.0.1:{port}/callback?state={state[..^1]}x");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, stateless.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(2, listener.RefusedCallbacks);
        Assert.False(listener.Callback.IsCompleted); // still waiting for the real one

        var response = await Http.GetAsync($"http://127.0.0.1:{port}/callback?state={state}&credentialId=abc");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("abc", (await listener.Callback.WaitAsync(TimeSpan.FromSeconds(30))).CredentialId);
    }

    [Fact]
    public void A_port_in_use_is_a_clear_error_naming_the_port()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var error = Assert.Throws<OnboardingException>(() => OAuthCallbackListener.Start(
            new Uri($"http://127.0.0.1:{port}/callback"), "Shopify"));
        Assert.Equal("OAuthPortInUse", error.ErrorId);
        Assert.Equal(OnboardingFailure.PortInUse, error.Failure);
        Assert.Contains(port.ToString(), error.Message);
        Assert.Contains("omit -RedirectUri", error.Remedy);
    }

    [Theory]
    [InlineData("https://localhost:8080/callback")]
    [InlineData("http://example.com:8080/callback")]
    [InlineData("http://192.168.1.10:8080/callback")]
    [InlineData("http://localhost:8080/callback?x=1")]
    public void A_redirect_uri_that_cannot_be_served_here_is_refused(string uri)
    {
        var error = Assert.Throws<OnboardingException>(() => OAuthCallbackListener.Start(new Uri(uri), "Shopify"));
        Assert.Equal("OAuthRedirectUriInvalid", error.ErrorId);
    }

    [Fact]
    public async Task Disposing_stops_listening()
    {
        var listener = OAuthCallbackListener.Start(null, "Shopify");
        var uri = listener.RedirectUri;
        listener.Dispose();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Http.GetAsync(uri));
        Assert.True(listener.Callback.IsCanceled);
    }

    internal static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
