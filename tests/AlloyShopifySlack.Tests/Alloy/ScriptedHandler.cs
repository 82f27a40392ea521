using System.Net;
using System.Net.Http.Headers;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>A request as the server saw it.</summary>
public sealed record RecordedRequest(HttpMethod Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Path => PathAndQuery.Split('?')[0];
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

/// <summary>
/// A scripted stand-in for any server that follows the documented API: answers by method and path, first from
/// one-shot answers (in order), then from standing ones; records every request. Unscripted requests get a 404.
/// </summary>
public sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly object _gate = new();
    private readonly List<(HttpMethod Method, string Path,
        Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> Answer)> _once = new();
    private readonly List<(HttpMethod Method, string Path,
        Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> Answer)> _standing = new();
    private readonly List<RecordedRequest> _requests = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyList<RecordedRequest> Requests { get { lock (_gate) return _requests.ToList(); } }

    public int Count(HttpMethod method, string path) => Requests.Count(r => r.Method == method && r.Path == path);

    /// <summary>Answers every matching request (unless a one-shot answer comes first).</summary>
    public ScriptedHandler On(HttpMethod method, string path, Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> answer)
    {
        lock (_gate) _standing.Add((method, path, answer));
        return this;
    }

    public ScriptedHandler On(HttpMethod method, string path, Func<HttpResponseMessage> answer) =>
        On(method, path, (_, _) => Task.FromResult(answer()));

    /// <summary>Answers the next matching request once; several are used in the order given.</summary>
    public ScriptedHandler Once(HttpMethod method, string path, Func<HttpResponseMessage> answer) =>
        Once(method, path, (_, _) => Task.FromResult(answer()));

    public ScriptedHandler Once(HttpMethod method, string path, Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> answer)
    {
        lock (_gate) _once.Add((method, path, answer));
        return this;
    }

    /// <summary>Waits (with a guard against hanging) until <paramref name="count"/> requests have arrived in total.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Requests.Count < count) await _arrived.WaitAsync(guard.Token);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>();
        foreach (var header in request.Headers) headers[header.Key.ToLowerInvariant()] = string.Join(",", header.Value);
        var body = string.Empty;
        if (request.Content != null)
        {
            foreach (var header in request.Content.Headers) headers[header.Key.ToLowerInvariant()] = string.Join(",", header.Value);
            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }
        var recorded = new RecordedRequest(request.Method, request.RequestUri!.PathAndQuery, headers, body);
        Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>? answer;
        lock (_gate)
        {
            _requests.Add(recorded);
            var index = _once.FindIndex(o => o.Method == request.Method && o.Path == recorded.Path);
            if (index >= 0)
            {
                answer = _once[index].Answer;
                _once.RemoveAt(index);
            }
            else
            {
                answer = _standing.LastOrDefault(s => s.Method == request.Method && s.Path == recorded.Path).Answer;
            }
        }
        _arrived.Release();
        if (answer == null) return JsonReply(
            HttpStatusCode.NotFound, $$"""{"error":"Not Found","message":"no script for {{request.Method}} {{recorded.Path}}"}""");
        return await answer(recorded, cancellationToken);
    }

    // ---- answers ----

    public static HttpResponseMessage JsonReply(HttpStatusCode status, string json, Action<HttpResponseHeaders>? headers = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        headers?.Invoke(response.Headers);
        return response;
    }

    public static HttpResponseMessage JsonReply(string json) => JsonReply(HttpStatusCode.OK, json);

    public static HttpResponseMessage Text(HttpStatusCode status, string text, string mediaType = "text/html") =>
        new(status) { Content = new StringContent(text, Encoding.UTF8, mediaType) };

    /// <summary>A 200 whose body stream fails after <paramref name="prefix"/> (a connection cut mid-body).</summary>
    public static HttpResponseMessage CutOff(string prefix) =>
        new(HttpStatusCode.OK) { Content = new StreamContent(new FailingStream(Encoding.UTF8.GetBytes(prefix))) };

    /// <summary>Never answers and ignores cancellation: only a client that stops waiting by itself gets out.</summary>
    public static Task<HttpResponseMessage> Never(RecordedRequest request, CancellationToken cancellationToken) =>
        new TaskCompletionSource<HttpResponseMessage>().Task;

    public static Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> Throw(Exception exception) =>
        (_, _) => Task.FromException<HttpResponseMessage>(exception);

    private sealed class FailingStream : MemoryStream
    {
        public FailingStream(byte[] prefix) : base(prefix) { }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            return read > 0 ? read : throw new IOException("The response ended prematurely.");
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var array = new byte[buffer.Length];
            var read = Read(array, 0, array.Length);
            array.AsMemory(0, read).CopyTo(buffer);
            return ValueTask.FromResult(read);
        }
    }
}
