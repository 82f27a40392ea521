using System.Net;
using System.Net.Sockets;
using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Tests.Interactions;

/// <summary>The listener over real loopback sockets, with fake Alloy-side services (how it stops: the .Stopping.cs part).</summary>
public sealed partial class InteractionListenerTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly ManualClock _clock;
    private readonly RecordingUpdater _updater = new();
    private readonly RecordingOrderLog _log = new();
    private readonly RecordingTagger _tagger = new();
    private readonly HttpClient _http = new() { Timeout = Patience };
    private readonly CancellationTokenSource _cancel = new();
    private InteractionListener? _listener;
    private Task<List<SlackInteraction>>? _run;

    public InteractionListenerTests() { _clock = new ManualClock(_now); }

    private Uri Start(int? maxRequests = null, IInteractionHandler? handler = null,
        int maxBody = InteractionListenerOptions.DefaultMaxBodyBytes, TimeSpan? timeout = null)
    {
        var options = new InteractionListenerOptions { Port = 0, MaxRequests = maxRequests, MaxBodyBytes = maxBody, Timeout = timeout };
        var verifier = new SlackSignatureVerifier(SlackRequests.Secret, _clock, new ReplayGuard(_clock));
        handler ??= new AcknowledgeHandler(_updater, _log, _tagger, new[] { "acknowledged" }, null, _clock);
        _listener = new InteractionListener(options, verifier, handler, _clock);
        var url = _listener.Start();
        _run = Task.Run(async () =>
        {
            var results = new List<SlackInteraction>();
            await foreach (var item in _listener.RunAsync(_cancel.Token)) results.Add(item);
            return results;
        });
        return url;
    }

    private async Task<List<SlackInteraction>> Finish()
    {
        _listener!.Stop();
        return await _run!.WaitAsync(Patience);
    }

    private static byte[] ClickBody(string user = "U0CLICKER") => SlackRequests.FormBody(SlackRequests.BlockActions(user: user));

    private async Task<HttpStatusCode> Send(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_signed_click_is_answered_200_and_then_acknowledged()
    {
        var url = Start();
        Assert.Equal(HttpStatusCode.OK, await Send(SlackRequests.SignedPost(url, ClickBody(), _now)));

        var results = await Finish();
        var result = Assert.Single(results);
        Assert.Equal(InteractionStatus.Acknowledged, result.Status);
        Assert.Single(_updater.Updates);
        Assert.Single(_log.Rows);
        Assert.Single(_tagger.Calls);
        Assert.Equal(1, _listener!.Statistics.Accepted);
    }

    [Fact]
    public async Task The_listener_binds_to_loopback_by_default()
    {
        var url = Start();
        Assert.Equal("127.0.0.1", url.Host);
        Assert.Equal("/slack/interactions", url.AbsolutePath);
        await Finish();
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_the_right_status_and_change_nothing()
    {
        var url = Start();
        var body = ClickBody();

        var forged = SlackRequests.SignedPost(url, body, _now, secret: "not-the-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(forged));

        var unsigned = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        unsigned.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(unsigned));

        Assert.Equal(HttpStatusCode.Unauthorized, await Send(SlackRequests.SignedPost(url, body, _now.AddMinutes(-6))));
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(SlackRequests.SignedPost(url, body, _now.AddMinutes(6))));

        var tampered = SlackRequests.SignedPost(url, body, _now);
        tampered.Content = new ByteArrayContent(ClickBody(user: "U0MALLORY"));
        tampered.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(tampered));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await Send(SlackRequests.SignedPost(url, new byte[70 * 1024], _now)));
        var json = Encoding.UTF8.GetBytes(SlackRequests.BlockActions().ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, await Send(SlackRequests.SignedPost(url, json, _now, contentType: "application/json")));
        Assert.Equal(HttpStatusCode.BadRequest, await Send(SlackRequests.SignedPost(url, json,
            _now.AddSeconds(2)))); // same bytes, fresh signature
        Assert.Equal(HttpStatusCode.BadRequest, await Send(SlackRequests.SignedPost(url, Encoding.UTF8.GetBytes("payload=%7Bbroken"),
            _now.AddSeconds(1))));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, await Send(new HttpRequestMessage(HttpMethod.Get, url)));
        Assert.Equal(HttpStatusCode.NotFound, await Send(SlackRequests.SignedPost(new Uri(url, "/other"), body, _now)));

        var results = await Finish();
        Assert.Empty(results);
        Assert.Empty(_updater.Updates);
        Assert.Empty(_log.Rows);
        Assert.Empty(_tagger.Calls);
        Assert.Equal(0, _listener!.Statistics.Accepted);
        Assert.Equal(11, _listener.Statistics.Refused);
    }

    [Fact]
    public async Task A_replayed_request_is_refused_and_changes_nothing_more()
    {
        var url = Start();
        var body = ClickBody();
        var original = SlackRequests.SignedPost(url, body, _now);
        var replay = SlackRequests.SignedPost(url, body, _now);
        Assert.Equal(original.Headers.GetValues("X-Slack-Signature").Single(), replay.Headers.GetValues("X-Slack-Signature").Single());

        Assert.Equal(HttpStatusCode.OK, await Send(original));
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(replay));

        var results = await Finish();
        Assert.Single(results);
        Assert.Single(_updater.Updates);
        Assert.Single(_log.Rows);
    }

    [Fact]
    public async Task A_handler_error_is_reported_and_the_listener_goes_on()
    {
        var handler = new ThrowingOnceHandler(new AcknowledgeHandler(_updater, _log, null, null, null, _clock));
        var url = Start(handler: handler);

        Assert.Equal(HttpStatusCode.OK, await Send(SlackRequests.SignedPost(url, ClickBody("U0FIRST"), _now)));
        Assert.Equal(HttpStatusCode.OK, await Send(SlackRequests.SignedPost(url, ClickBody("U0SECOND"), _now.AddSeconds(1))));

        var results = await Finish();
        Assert.Equal(2, results.Count);
        var failed = Assert.Single(results, r => r.Status == InteractionStatus.Failed);
        Assert.Equal("boom", failed.Error);
        Assert.Single(results, r => r.Status == InteractionStatus.Acknowledged);
        Assert.Single(_updater.Updates);
    }

    [Fact]
    public async Task Malformed_HTTP_gets_an_answer_and_the_listener_goes_on()
    {
        var url = Start();
        foreach (var raw in new[] { "NONSENSE\r\n\r\n", "POST /slack/interactions HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
            "POST /slack/interactions HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n" })
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, url.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(raw));
            var answer = await new StreamReader(stream).ReadLineAsync().WaitAsync(Patience);
            Assert.Matches("^HTTP/1.1 (400|411) ", answer);
        }
        Assert.Equal(HttpStatusCode.OK, await Send(SlackRequests.SignedPost(url, ClickBody(), _now)));
        var results = await Finish();
        Assert.Single(results, r => r.Status == InteractionStatus.Acknowledged);
    }

    [Fact]
    public async Task Many_requests_on_kept_alive_connections_are_all_answered()
    {
        var url = Start();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Send(SlackRequests.SignedPost(url, ClickBody("U0USER" + i), _now.AddSeconds(i % 10)))));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var results = await Finish();
        Assert.Equal(40, results.Count);
        Assert.Single(results, r => r.Status == InteractionStatus.Acknowledged);
        Assert.Equal(39, results.Count(r => r.Status == InteractionStatus.AlreadyAcknowledged));
        Assert.Single(_updater.Updates);
        Assert.Single(_log.Rows);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition()) await Task.Delay(10, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _cancel.Cancel();
        if (_run != null) { try { await _run.WaitAsync(Patience); } catch (Exception) { } }
        _listener?.Dispose();
        _http.Dispose();
        _cancel.Dispose();
    }

    private sealed class ThrowingOnceHandler : IInteractionHandler
    {
        private readonly IInteractionHandler _inner;
        private int _calls;
        public ThrowingOnceHandler(IInteractionHandler inner) { _inner = inner; }

        public Task<SlackInteraction> HandleAsync(InteractionPayload payload, DateTimeOffset receivedAt, CancellationToken ct) =>
            Interlocked.Increment(ref _calls) == 1 ? throw new InvalidOperationException("boom")
                : _inner.HandleAsync(payload, receivedAt, ct);
    }
}
