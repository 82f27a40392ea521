using System.Net;
using System.Net.Sockets;
using AlloyShopifySlack.Common.Http;
using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Tests.Interactions;

/// <summary>The listener's small HTTP server against clients that do not play fair, over real loopback sockets.</summary>
public sealed class ListenerHardeningTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly ManualClock _clock;
    private readonly HttpClient _http = new() { Timeout = Patience };
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<TcpClient> _attackers = new();
    private InteractionListener? _listener;
    private Task? _run;

    public ListenerHardeningTests() { _clock = new ManualClock(_now); }

    private Uri Start()
    {
        var options = new InteractionListenerOptions { Port = 0 };
        var verifier = new SlackSignatureVerifier(SlackRequests.Secret, _clock, new ReplayGuard(_clock));
        _listener = new InteractionListener(options, verifier, new AcknowledgeHandler(new RecordingUpdater(), null, null, null, null,
            _clock), _clock);
        var url = _listener.Start();
        _run = Task.Run(async () => { await foreach (var _ in _listener.RunAsync(_cancel.Token)) { } });
        return url;
    }

    private static byte[] ClickBody() => SlackRequests.FormBody(SlackRequests.BlockActions());

    private async Task<TcpClient> Connect(Uri url)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, url.Port);
        lock (_attackers) _attackers.Add(client);
        return client;
    }

    [Theory]
    [InlineData("POST /slack/interactions HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n")]          // a space inside the name
    [InlineData("POST /slack/interactions HTTP/1.1\r\nHost: x\r\nContent-Type : text\r\n\r\n")]  // whitespace before the colon
    [InlineData("POST /slack/interactions HTTP/1.1\r\nHost: x\r\nX-A: a\nb\r\n\r\n")]            // a bare LF in a value
    [InlineData("POST /slack/interactions HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n")]            // a bare CR in a value
    [InlineData("POST /slack/interactions HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n")]            // a NUL in a value
    [InlineData("POST /slack/interactions HTTP/1.1\r\nContent-Length: 0\r\n\r\n")]               // no Host on HTTP/1.1
    [InlineData("POST /slack/interactions HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]              // two Hosts
    [InlineData("HEAD /slack/interactions HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")] // a body on HEAD
    [InlineData("POST /slack/interactions HTTP/1.1\r\nHost: x\r\n folded: 1\r\n\r\n")]           // obsolete line folding
    [InlineData("POST /slack/interactions HTTP/2.0\r\nHost: x\r\n\r\n")]                         // not HTTP/1.x
    public async Task A_head_that_breaks_the_header_grammar_is_answered_400(string raw)
    {
        var url = Start();
        using var client = await Connect(url);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(raw));
        var answer = await new StreamReader(stream).ReadLineAsync().WaitAsync(Patience);
        Assert.StartsWith("HTTP/1.1 400 ", answer);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(SlackRequests.SignedPost(url, ClickBody(), _now))).StatusCode);
    }

    [Fact]
    public async Task Five_hundred_clients_that_never_read_and_five_hundred_that_trickle_one_byte_do_not_lock_a_valid_request_out()
    {
        var url = Start();
        var pipelined = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(
            "GET /slack/interactions HTTP/1.1\r\nHost: x\r\n\r\n", 10)));
        for (var i = 0; i < 500; i++)
        {
            var reader = await Connect(url);
            await reader.GetStream().WriteAsync(pipelined); // under the pipelining bound, and never reads an answer
            var trickler = await Connect(url);
            await trickler.GetStream().WriteAsync(new[] { (byte)'P' }); // and never sends the rest
        }

        using var response = await _http.SendAsync(SlackRequests.SignedPost(url, ClickBody(), _now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_client_that_pipelines_requests_without_reading_gets_a_bounded_number_of_answers_then_is_closed()
    {
        var url = Start();
        using var client = await Connect(url);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(
            "GET /slack/interactions HTTP/1.1\r\nHost: x\r\n\r\n", 200))));

        var text = await new StreamReader(stream).ReadToEndAsync().WaitAsync(Patience); // ends: the server closed the connection
        var answers = text.Split("HTTP/1.1 405 ").Length - 1;

        Assert.InRange(answers, 1, 16);
        Assert.Contains("Connection: close", text);
    }

    [Fact]
    public void When_every_slot_is_taken_the_connection_waiting_longest_is_closed_and_one_being_handled_never_is()
    {
        using var a = new TcpClient();
        using var b = new TcpClient();
        using var c = new TcpClient();
        var slots = new ConnectionSlots(2);
        var handling = new ConnectionSlot(a);
        var idle = new ConnectionSlot(b);
        Assert.True(slots.TryAdmit(handling));
        Assert.True(slots.TryAdmit(idle));
        handling.Enter(ConnectionPhase.Handling);

        Assert.True(slots.TryAdmit(new ConnectionSlot(c)));
        Assert.True(idle.Closed);
        Assert.False(handling.Closed);
        Assert.Equal(1, slots.Evictions);

        var full = new ConnectionSlots(1);
        Assert.True(full.TryAdmit(handling));
        Assert.False(full.TryAdmit(new ConnectionSlot(new TcpClient())));
    }

    [Fact]
    public void The_replay_cache_on_disk_refuses_a_request_accepted_before_a_restart_and_forgets_expired_ones()
    {
        var path = Path.Combine(Path.GetTempPath(), "replay-" + Guid.NewGuid().ToString("N") + ".txt");
        try
        {
            using (var journal = new ReplayJournal(path))
            {
                var guard = new ReplayGuard(_clock, journal: journal);
                Assert.True(guard.TryRecord("v0=abc", _now.AddMinutes(5)));
                Assert.True(guard.TryRecord("v0=old", _now.AddSeconds(10)));
            }
            Assert.DoesNotContain("v0=abc", File.ReadAllText(path)); // only a hash is kept

            _clock.Advance(TimeSpan.FromMinutes(1));
            using (var journal = new ReplayJournal(path))
            {
                var restarted = new ReplayGuard(_clock, journal: journal);
                Assert.False(restarted.TryRecord("v0=abc", _now.AddMinutes(5)));
                Assert.True(restarted.TryRecord("v0=old", _now.AddMinutes(6)));
            }
        }
        finally { File.Delete(path); }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_attackers) foreach (var client in _attackers) client.Dispose();
        _cancel.Cancel();
        if (_run != null) { try { await _run.WaitAsync(Patience); } catch (OperationCanceledException) { } }
        _listener?.Dispose();
        _http.Dispose();
        _cancel.Dispose();
    }
}
