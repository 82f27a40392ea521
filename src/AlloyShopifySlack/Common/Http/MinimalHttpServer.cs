using System.Net;
using System.Net.Sockets;

namespace AlloyShopifySlack.Common.Http;

/// <summary>
/// A small HTTP/1.1 server on a TcpListener, bound to exactly one address (loopback by default, whatever the Host
/// header says — reverse proxies forward their own); the Slack interaction listener and the OAuth callback both run on it. Keep-alive,
/// strict framing, bounded heads and bodies, a head
/// deadline, a write deadline, a bound on pipelined requests, and a connection cap that evicts the slowest
/// connection rather than refusing a new one; one bad request or failing handler never takes the server down.
/// The handler runs synchronously on the connection's task and must be quick: it only decides the answer.
/// </summary>
internal sealed class MinimalHttpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<ListenerRequest, ListenerResponse> _handle;
    private readonly Action<Exception> _onError;
    private readonly int _maxBodyBytes;
    private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
    private ConnectionSlots? _slots;

    public MinimalHttpServer(IPEndPoint endpoint, int maxBodyBytes, Func<ListenerRequest, ListenerResponse> handle,
        Action<Exception> onError)
    {
        _listener = new TcpListener(endpoint);
        _maxBodyBytes = maxBodyBytes;
        _handle = handle;
        _onError = onError;
    }

    /// <summary>A request head (and then its body) must arrive within this long, however slowly it trickles.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>An answer must leave within this long (a client that does not read is cut off).</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Requests answered in a row while the next was already waiting unread; past it the connection is closed.</summary>
    public int MaxPipelinedRequests { get; set; } = 16;
    public int MaxConnections { get; set; } = 512;
    /// <summary>Connections closed to make room for new ones (idle, trickling or not reading).</summary>
    public long Evictions => _slots?.Evictions ?? 0;
    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;
    /// <summary>Called for a request refused before the handler saw it (too large, malformed HTTP), with its answer.</summary>
    public Action<ListenerResponse, IPEndPoint?>? Refused { get; set; }
    /// <summary>Called once an answer has been written (the listener counts requests here, so the last one is answered before it
    /// stops).</summary>
    public Action? AfterResponse { get; set; }

    /// <summary>Binds the socket (so a busy port fails here, before anything else starts).</summary>
    public void Start()
    {
        _slots = new ConnectionSlots(MaxConnections);
        _listener.Start(512);
    }

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
        var slot = new ConnectionSlot(client);
        var admitted = _slots!.TryAdmit(slot);
        try
        {
            using (client)
            using (var stream = client.GetStream())
            {
                client.NoDelay = true;
                if (!admitted)
                {
                    await WriteAsync(stream, slot, new ListenerResponse(503, "Too many connections.", closeConnection: true), false)
                        .ConfigureAwait(false);
                    return;
                }
                await ServeRequestsAsync(stream, slot, client.Client.RemoteEndPoint as IPEndPoint).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException
            || ex is OperationCanceledException
            || (ex is InvalidOperationException && slot.Closed))
        {
            // The client went away, was too slow, or was evicted: nothing to answer.
        }
        catch (Exception ex)
        {
            _onError(ex);
        }
        finally
        {
            if (admitted) _slots.Release(slot);
            slot.Close();
        }
    }

    private async Task ServeRequestsAsync(NetworkStream stream, ConnectionSlot slot, IPEndPoint? remote)
    {
        var reader = new HttpConnectionReader(stream);
        var pipelined = 0;
        while (!_stopping.IsCancellationRequested)
        {
            slot.Enter(ConnectionPhase.Reading);
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
                    await RefuseAsync(stream, slot, new ListenerResponse(413, $"The body exceeds {_maxBodyBytes} bytes.", true), remote)
                        .ConfigureAwait(false);
                    return;
                }
                if (length > 0 && head.Headers.TryGetValue("Expect", out var expect)
                    && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
                    await WriteRawAsync(stream, "HTTP/1.1 100 Continue\r\n\r\n", timeout.Token).ConfigureAwait(false);
                var body = await reader.ReadBodyAsync((int)length, timeout.Token).ConfigureAwait(false);
                request = new ListenerRequest(head.Method, head.Target, head.Headers, body, remote);
                keepAlive = head.KeepAlive;
            }
            catch (BadHttpRequestException ex)
            {
                await RefuseAsync(stream, slot, new ListenerResponse(ex.StatusCode, ex.Message, true), remote).ConfigureAwait(false);
                return;
            }

            slot.Enter(ConnectionPhase.Handling);
            ListenerResponse response;
            try { response = _handle(request); }
            catch (Exception ex)
            {
                _onError(ex);
                response = new ListenerResponse(500, "The request could not be handled.");
            }
            // A client that keeps sending without reading the answers only fills buffers: it gets a few, then the door.
            pipelined = reader.HasBufferedData ? pipelined + 1 : 0;
            keepAlive &= !response.CloseConnection && !_stopping.IsCancellationRequested && pipelined < MaxPipelinedRequests;
            // Not cancelled by Stop: a request that was handled gets its answer (a few bytes into the socket buffer).
            await WriteAsync(stream, slot, response, keepAlive, omitBody: request.Method == "HEAD").ConfigureAwait(false);
            response.Sent?.Invoke();
            AfterResponse?.Invoke();
            if (!keepAlive) return;
        }
    }

    private async Task RefuseAsync(Stream stream, ConnectionSlot slot, ListenerResponse response, IPEndPoint? remote)
    {
        Refused?.Invoke(response, remote);
        await WriteAsync(stream, slot, response, false).ConfigureAwait(false);
        AfterResponse?.Invoke();
    }

    /// <summary>Writes under the write deadline: a client that does not take its answer in time loses the connection.</summary>
    private async Task WriteAsync(Stream stream, ConnectionSlot slot, ListenerResponse response, bool keepAlive, bool omitBody = false)
    {
        slot.Enter(ConnectionPhase.Writing);
        var bytes = Encode(response, keepAlive, omitBody);
        using var deadline = new CancellationTokenSource(WriteTimeout);
        using (deadline.Token.Register(slot.Close))
            await stream.WriteAsync(bytes, 0, bytes.Length, deadline.Token).ConfigureAwait(false);
    }

    /// <summary>The answer's bytes; a HEAD gets the head only (a body would be read as the next response).</summary>
    private static byte[] Encode(ListenerResponse response, bool keepAlive, bool omitBody)
    {
        var body = Encoding.UTF8.GetBytes(response.Text);
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(response.StatusCode).Append(' ').Append(
                ListenerResponse.ReasonPhrase(response.StatusCode)).Append("\r\n")
            .Append("Content-Type: ").Append(response.ContentType).Append("\r\n")
            .Append("Content-Length: ").Append(body.Length).Append("\r\n")
            .Append("Connection: ").Append(keepAlive ? "keep-alive" : "close").Append("\r\n");
        if (response.Allow != null) head.Append("Allow: ").Append(response.Allow).Append("\r\n");
        foreach (var field in response.ExtraHeaders) head.Append(field.Key).Append(": ").Append(field.Value).Append("\r\n");
        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        var bodyLength = omitBody ? 0 : body.Length;
        var all = new byte[headBytes.Length + bodyLength];
        Buffer.BlockCopy(headBytes, 0, all, 0, headBytes.Length);
        Buffer.BlockCopy(body, 0, all, headBytes.Length, bodyLength);
        return all;
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
