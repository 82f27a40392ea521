using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AlloyShopifySlack.Slack.Interactions.Http
{
    /// <summary>
    /// A small HTTP/1.1 server on a TcpListener, bound to exactly one address (loopback by default, whatever the Host
    /// header says — reverse proxies forward their own). Keep-alive, strict framing, bounded heads and bodies, read
    /// timeouts and a connection cap; one bad request or failing handler never takes the server down.
    /// The handler runs synchronously on the connection's task and must be quick: it only decides the answer.
    /// </summary>
    internal sealed class MinimalHttpServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly Func<ListenerRequest, ListenerResponse> _handle;
        private readonly Action<Exception> _onError;
        private readonly int _maxBodyBytes;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private int _connections;

        public MinimalHttpServer(IPEndPoint endpoint, int maxBodyBytes, Func<ListenerRequest, ListenerResponse> handle, Action<Exception> onError)
        {
            _listener = new TcpListener(endpoint);
            _maxBodyBytes = maxBodyBytes;
            _handle = handle;
            _onError = onError;
        }

        public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(30);
        public int MaxConnections { get; set; } = 512;
        public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;
        /// <summary>Called for a request refused before the handler saw it (too large, malformed HTTP), with its answer.</summary>
        public Action<ListenerResponse, IPEndPoint?>? Refused { get; set; }
        /// <summary>Called once an answer has been written (the listener counts requests here, so the last one is answered before it stops).</summary>
        public Action? AfterResponse { get; set; }

        /// <summary>Binds the socket (so a busy port fails here, before anything else starts).</summary>
        public void Start() => _listener.Start(512);

        /// <summary>Accepts connections until <see cref="Stop"/>.</summary>
        public async Task AcceptLoopAsync()
        {
            while (!_stopping.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is SocketException || ex is InvalidOperationException)
                {
                    if (_stopping.IsCancellationRequested) return;
                    _onError(ex);
                    await Task.Delay(50).ConfigureAwait(false); // e.g. out of file descriptors: do not spin
                    continue;
                }
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        public void Stop()
        {
            if (_stopping.IsCancellationRequested) return;
            _stopping.Cancel();
            _listener.Stop();
        }

        private async Task ServeAsync(TcpClient client)
        {
            var admitted = Interlocked.Increment(ref _connections) <= MaxConnections;
            try
            {
                using (client)
                using (var stream = client.GetStream())
                {
                    client.NoDelay = true;
                    if (!admitted)
                    {
                        await WriteAsync(stream, new ListenerResponse(503, "Too many connections.", closeConnection: true), false, CancellationToken.None).ConfigureAwait(false);
                        return;
                    }
                    await ServeRequestsAsync(stream, client.Client.RemoteEndPoint as IPEndPoint).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
            {
                // The client went away or was too slow: nothing to answer.
            }
            catch (Exception ex)
            {
                _onError(ex);
            }
            finally
            {
                Interlocked.Decrement(ref _connections);
            }
        }

        private async Task ServeRequestsAsync(NetworkStream stream, IPEndPoint? remote)
        {
            var reader = new HttpConnectionReader(stream);
            while (!_stopping.IsCancellationRequested)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                timeout.CancelAfter(ReadTimeout);
                ListenerRequest request;
                bool keepAlive;
                try
                {
                    var head = await reader.ReadHeadAsync(timeout.Token).ConfigureAwait(false);
                    if (head == null) return;
                    var length = head.ContentLength;
                    if (length > _maxBodyBytes)
                    {
                        // Not read: the rest of the connection is unusable, so it is closed after the answer.
                        await RefuseAsync(stream, new ListenerResponse(413, $"The body exceeds {_maxBodyBytes} bytes.", true), remote).ConfigureAwait(false);
                        return;
                    }
                    if (length > 0 && head.Headers.TryGetValue("Expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
                        await WriteRawAsync(stream, "HTTP/1.1 100 Continue\r\n\r\n", timeout.Token).ConfigureAwait(false);
                    var body = await reader.ReadBodyAsync((int)length, timeout.Token).ConfigureAwait(false);
                    request = new ListenerRequest(head.Method, head.Target, head.Headers, body, remote);
                    keepAlive = head.KeepAlive;
                }
                catch (BadHttpRequestException ex)
                {
                    await RefuseAsync(stream, new ListenerResponse(ex.StatusCode, ex.Message, true), remote).ConfigureAwait(false);
                    return;
                }

                ListenerResponse response;
                try { response = _handle(request); }
                catch (Exception ex)
                {
                    _onError(ex);
                    response = new ListenerResponse(500, "The request could not be handled.");
                }
                keepAlive &= !response.CloseConnection && !_stopping.IsCancellationRequested;
                // Not cancelled by Stop: a request that was handled gets its answer (a few bytes into the socket buffer).
                await WriteAsync(stream, response, keepAlive, CancellationToken.None).ConfigureAwait(false);
                AfterResponse?.Invoke();
                if (!keepAlive) return;
            }
        }

        private async Task RefuseAsync(Stream stream, ListenerResponse response, IPEndPoint? remote)
        {
            Refused?.Invoke(response, remote);
            await WriteAsync(stream, response, false, CancellationToken.None).ConfigureAwait(false);
            AfterResponse?.Invoke();
        }

        private static Task WriteAsync(Stream stream, ListenerResponse response, bool keepAlive, CancellationToken ct)
        {
            var body = Encoding.UTF8.GetBytes(response.Text);
            var head = new StringBuilder()
                .Append("HTTP/1.1 ").Append(response.StatusCode).Append(' ').Append(ListenerResponse.ReasonPhrase(response.StatusCode)).Append("\r\n")
                .Append("Content-Type: text/plain; charset=utf-8\r\n")
                .Append("Content-Length: ").Append(body.Length).Append("\r\n")
                .Append("Connection: ").Append(keepAlive ? "keep-alive" : "close").Append("\r\n");
            if (response.Allow != null) head.Append("Allow: ").Append(response.Allow).Append("\r\n");
            head.Append("\r\n");
            var headBytes = Encoding.ASCII.GetBytes(head.ToString());
            var all = new byte[headBytes.Length + body.Length];
            Buffer.BlockCopy(headBytes, 0, all, 0, headBytes.Length);
            Buffer.BlockCopy(body, 0, all, headBytes.Length, body.Length);
            return stream.WriteAsync(all, 0, all.Length, ct);
        }

        private static Task WriteRawAsync(Stream stream, string text, CancellationToken ct)
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            return stream.WriteAsync(bytes, 0, bytes.Length, ct);
        }

        public void Dispose()
        {
            Stop();
            _stopping.Dispose();
        }
    }
}
