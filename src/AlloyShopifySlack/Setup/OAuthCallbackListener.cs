using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace AlloyShopifySlack.Setup
{
    /// <summary>
    /// Receives the browser's return from Alloy's consent page (api-facts §6): a tiny HTTP server on loopback only,
    /// an ephemeral port and an unguessable single-use path by default, that accepts exactly one matching GET and
    /// answers every other request with 404. A TcpListener keeps it identical on Windows, macOS and Linux.
    /// </summary>
    public sealed class OAuthCallbackListener : IDisposable
    {
        private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

        private readonly List<TcpListener> _listeners;
        private readonly string _path;
        private readonly string _connectorName;
        private readonly TaskCompletionSource<OAuthCallback> _callback =
            new TaskCompletionSource<OAuthCallback>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private int _used;

        /// <summary>With a fixed redirect URI: the value the callback must carry back (its path is guessable).</summary>
        private readonly string? _state;
        private int _refused;

        private OAuthCallbackListener(List<TcpListener> listeners, Uri redirectUri, string connectorName, string? state = null)
        {
            _listeners = listeners;
            _path = redirectUri.AbsolutePath;
            _state = state;
            RedirectUri = state == null ? redirectUri : new Uri(redirectUri.AbsoluteUri + "?state=" + state);
            _connectorName = connectorName;
            foreach (var listener in listeners) _ = Task.Run(() => AcceptLoopAsync(listener));
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
        public static OAuthCallbackListener Start(Uri? fixedRedirectUri, string connectorName = "the service")
        {
            if (fixedRedirectUri == null)
            {
                var listener = Bind(IPAddress.Loopback, 0, null);
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                var uri = new Uri($"http://127.0.0.1:{port}/callback/{Nonce.New()}");
                return new OAuthCallbackListener(new List<TcpListener> { listener }, uri, connectorName);
            }

            var addresses = LoopbackAddresses(fixedRedirectUri);
            var fixedPort = fixedRedirectUri.Port;
            var listeners = new List<TcpListener> { Bind(addresses[0], fixedPort, fixedRedirectUri) };
            for (var i = 1; i < addresses.Count; i++)
            {
                // "localhost" may resolve to ::1 in the browser; listen there too when the machine has IPv6.
                try { listeners.Add(Bind(addresses[i], fixedPort, fixedRedirectUri)); }
                catch (OnboardingException) { }
            }
            return new OAuthCallbackListener(listeners, fixedRedirectUri, connectorName, Nonce.New());
        }

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

        private static TcpListener Bind(IPAddress address, int port, Uri? fixedUri)
        {
            var listener = new TcpListener(address, port);
            try
            {
                listener.Start();
                return listener;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse || ex.SocketErrorCode == SocketError.AccessDenied)
            {
                listener.Stop();
                var what = ex.SocketErrorCode == SocketError.AccessDenied ? "is not allowed for this user" : "is already in use";
                throw new OnboardingException("OAuthPortInUse", OnboardingFailure.PortInUse,
                    $"Cannot listen for the sign-in callback on {address}:{port}: the port {what}" +
                    (fixedUri != null ? $" (from -RedirectUri {fixedUri})." : "."),
                    $"Close the program using port {port} (an earlier sign-in may still be waiting), or pass a -RedirectUri with another port " +
                    "that your Alloy app allows, or omit -RedirectUri to use a free port.", ex);
            }
            catch (SocketException ex)
            {
                listener.Stop();
                throw new OnboardingException("OAuthListenerFailed", OnboardingFailure.InvalidInput,
                    $"Cannot listen for the sign-in callback on {address}:{port}: {ex.Message}",
                    "Omit -RedirectUri to use a free port on 127.0.0.1, or pick another port.", ex);
            }
        }

        private async Task AcceptLoopAsync(TcpListener listener)
        {
            while (!_stopping.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync().ConfigureAwait(false); }
                catch (Exception) when (_stopping.IsCancellationRequested) { return; }
                catch (SocketException) { continue; }
                catch (ObjectDisposedException) { return; }
                // Each connection on its own: a browser's idle pre-connect must not hold up the real request.
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
            {
                timeout.CancelAfter(ReadTimeout);
                try
                {
                    var stream = client.GetStream();
                    var target = await LoopbackHttp.ReadRequestTargetAsync(stream, timeout.Token).ConfigureAwait(false);
                    if (target == null) return;
                    var response = Handle(target.Value.Method, target.Value.Target);
                    await LoopbackHttp.WriteResponseAsync(stream, response.Status, response.Html, timeout.Token).ConfigureAwait(false);
                    if (response.Callback != null) _callback.TrySetResult(response.Callback);
                }
                catch (Exception ex) when (ex is IOException || ex is OperationCanceledException || ex is SocketException || ex is ObjectDisposedException)
                {
                    // A client that went away or never spoke: nothing to answer.
                }
            }
        }

        private (int Status, string Html, OAuthCallback? Callback) Handle(string method, string target)
        {
            var question = target.IndexOf('?');
            var path = question >= 0 ? target.Substring(0, question) : target;
            var query = question >= 0 ? target.Substring(question + 1) : string.Empty;
            // Only the browser's GET may use up the single callback: a HEAD (a link checker, a preview) must not.
            if (method != "GET" || !string.Equals(path, _path, StringComparison.Ordinal))
                return (404, CallbackPages.NotFound(), null);
            var callback = OAuthCallback.FromQuery(query);
            if (_state != null && !callback.HasState(_state))
            {
                // Not the browser coming back from this sign-in (a forged or stale request): refused, and still waiting.
                Interlocked.Increment(ref _refused);
                return (400, CallbackPages.Refused(), null);
            }
            if (Interlocked.Exchange(ref _used, 1) != 0) return (404, CallbackPages.NotFound(), null);
            return (200, callback.IsError ? CallbackPages.Failed(_connectorName, callback) : CallbackPages.Succeeded(_connectorName), callback);
        }

        public void Dispose()
        {
            if (_stopping.IsCancellationRequested) return;
            _stopping.Cancel();
            foreach (var listener in _listeners) listener.Stop();
            _callback.TrySetCanceled();
        }
    }
}
