using System.Net;
using System.Net.Sockets;
using AlloyShopifySlack.Common.Http;

namespace AlloyShopifySlack.Setup;

/// <summary>
/// Receives the browser's return from Alloy's consent page (Alloy redirects the browser to the redirect URI given
/// when the credential was created): the module's small HTTP server on loopback only, an ephemeral port and an
/// unguessable single-use path by default, that accepts exactly one matching GET and answers every other request
/// with 404. The server's limits (head deadline, strict header grammar, slot eviction) keep a stray client from
/// holding up the real callback.
/// </summary>
public sealed class OAuthCallbackListener : IDisposable
{
    private const int MaxConnections = 64;

    private readonly List<MinimalHttpServer> _servers;
    private readonly string _path;
    private readonly string _connectorName;
    private readonly TaskCompletionSource<OAuthCallback> _callback =
        new TaskCompletionSource<OAuthCallback>(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _used;
    private int _disposed;

    /// <summary>With a fixed redirect URI: the value the callback must carry back (its path is guessable).</summary>
    private readonly string? _state;
    private int _refused;

    /// <summary>Binds <paramref name="addresses"/> (the first must succeed, the others may not) and starts serving.</summary>
    private OAuthCallbackListener(IReadOnlyList<IPAddress> addresses, Uri? fixedRedirectUri, string connectorName)
    {
        _connectorName = connectorName;
        _servers = new List<MinimalHttpServer> { Bind(addresses[0], fixedRedirectUri) };
        for (var i = 1; i < addresses.Count; i++)
        {
            // "localhost" may resolve to ::1 in the browser; listen there too when the machine has IPv6.
            try { _servers.Add(Bind(addresses[i], fixedRedirectUri)); }
            catch (OnboardingException) { }
        }
        if (fixedRedirectUri == null)
        {
            RedirectUri = new Uri($"http://127.0.0.1:{_servers[0].LocalEndpoint.Port}/callback/{Nonce.New()}");
        }
        else
        {
            _state = Nonce.New();
            RedirectUri = new Uri(fixedRedirectUri.AbsoluteUri + "?state=" + _state);
        }
        _path = RedirectUri.AbsolutePath;
        foreach (var server in _servers) _ = Task.Run(server.AcceptLoopAsync);
    }

    /// <summary>The redirect URI to give Alloy: where this listener waits.</summary>
    public Uri RedirectUri { get; }

    /// <summary>Completes when the one matching request has arrived.</summary>
    public Task<OAuthCallback> Callback => _callback.Task;

    /// <summary>Requests to the callback path refused because they did not carry the state value back.</summary>
    public int RefusedCallbacks => Volatile.Read(ref _refused);

    /// <summary>
    /// Starts listening. Without <paramref name="fixedRedirectUri"/>: http://127.0.0.1:{ephemeral}/callback/{nonce}.
    /// With one (it must be http on a loopback host): that host, port and path, plus <c>?state=</c> and a nonce that the
    /// callback must carry back, since anything on this machine can guess a fixed address.
    /// </summary>
    public static OAuthCallbackListener Start(Uri? fixedRedirectUri, string connectorName = "the service") =>
        fixedRedirectUri == null
            ? new OAuthCallbackListener(new[] { IPAddress.Loopback }, null, connectorName)
            : new OAuthCallbackListener(LoopbackAddresses(fixedRedirectUri), fixedRedirectUri, connectorName);

    private static List<IPAddress> LoopbackAddresses(Uri uri)
    {
        if (uri.Scheme != "http" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            throw InvalidRedirect(uri, "it must be a plain http URL without a query string");
        var host = uri.IdnHost.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            return new List<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        if (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)) return new List<IPAddress> { address };
        throw InvalidRedirect(uri, "the listener runs on this machine, so the host must be localhost, 127.0.0.1 or [::1]");
    }

    private static OnboardingException InvalidRedirect(Uri uri, string why) => new OnboardingException(
        "OAuthRedirectUriInvalid", OnboardingFailure.InvalidInput, $"-RedirectUri '{uri}' cannot be used: {why}.",
        "Pass a loopback URL such as http://localhost:8080/callback, or omit -RedirectUri to use a free port on 127.0.0.1.");

    private MinimalHttpServer Bind(IPAddress address, Uri? fixedUri)
    {
        var port = fixedUri?.Port ?? 0;
        var server = new MinimalHttpServer(new IPEndPoint(address, port), maxBodyBytes: 0, Handle,
            _ => { }) { MaxConnections = MaxConnections };
        try
        {
            server.Start();
            return server;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse
            || ex.SocketErrorCode == SocketError.AccessDenied)
        {
            server.Dispose();
            var what = ex.SocketErrorCode == SocketError.AccessDenied ? "is not allowed for this user" : "is already in use";
            throw new OnboardingException("OAuthPortInUse", OnboardingFailure.PortInUse,
                $"Cannot listen for the sign-in callback on {address}:{port}: the port {what}" +
                (fixedUri != null ? $" (from -RedirectUri {fixedUri})." : "."),
                $"Close the program using port {port} (an earlier sign-in may still be waiting), or pass a -RedirectUri with " +
                    "another port " +
                "that your Alloy app allows, or omit -RedirectUri to use a free port.", ex);
        }
        catch (SocketException ex)
        {
            server.Dispose();
            throw new OnboardingException("OAuthListenerFailed", OnboardingFailure.InvalidInput,
                $"Cannot listen for the sign-in callback on {address}:{port}: {ex.Message}",
                "Omit -RedirectUri to use a free port on 127.0.0.1, or pick another port.", ex);
        }
    }

    private ListenerResponse Handle(ListenerRequest request)
    {
        var question = request.Target.IndexOf('?');
        var query = question >= 0 ? request.Target.Substring(question + 1) : string.Empty;
        // Only the browser's GET may use up the single callback: a HEAD (a link checker, a preview) must not.
        if (request.Method != "GET" || !string.Equals(request.Path, _path, StringComparison.Ordinal))
            return Page(404, CallbackPages.NotFound());
        var callback = OAuthCallback.FromQuery(query);
        if (_state != null && !callback.HasState(_state))
        {
            // Not the browser coming back from this sign-in (a forged or stale request): refused, and still waiting.
            Interlocked.Increment(ref _refused);
            return Page(400, CallbackPages.Refused());
        }
        if (Interlocked.Exchange(ref _used, 1) != 0) return Page(404, CallbackPages.NotFound());
        var page = Page(200, callback.IsError ? CallbackPages.Failed(_connectorName, callback) : CallbackPages.Succeeded(_connectorName));
        page.Sent = () => _callback.TrySetResult(callback);
        return page;
    }

    private static ListenerResponse Page(int status, string html)
    {
        var response = new ListenerResponse(status, html, closeConnection: true) { ContentType = "text/html; charset=utf-8" };
        response.ExtraHeaders.Add(new KeyValuePair<string, string>("Cache-Control", "no-store"));
        response.ExtraHeaders.Add(new KeyValuePair<string, string>("Referrer-Policy", "no-referrer"));
        return response;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var server in _servers) server.Dispose();
        _callback.TrySetCanceled();
    }
}
