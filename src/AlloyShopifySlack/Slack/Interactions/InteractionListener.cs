using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Common.Http;

namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>
/// Receives Slack's interaction requests: each is checked (method, path, size, signature, freshness, replay, form)
/// and answered at once — 200 for a good one, which is then queued for the workers; 4xx for the rest, which change
/// nothing. <see cref="RunAsync"/> yields each handled interaction as its work completes.
/// </summary>
public sealed class InteractionListener : IDisposable
{
    private readonly InteractionListenerOptions _options;
    private readonly SlackSignatureVerifier _verifier;
    private readonly IInteractionHandler _handler;
    private readonly IClock _clock;
    private readonly MinimalHttpServer _server;
    /// <summary>Accepted requests waiting for a worker: bounded, so a full queue answers 503 instead of growing.</summary>
    private readonly Channel<Accepted> _work;
    private readonly Channel<SlackInteraction> _results = Channel.CreateUnbounded<SlackInteraction>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly string _path;
    private readonly RefusalReporter _refusals;
    private IOperationLog _log = NullOperationLog.Instance;
    private readonly ListenerStatistics _statistics = new ListenerStatistics();
    private long _admitted;
    private long _answered;
    private int _running;

    public InteractionListener(InteractionListenerOptions options, SlackSignatureVerifier verifier, IInteractionHandler handler,
        IClock? clock = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _clock = clock ?? SystemClock.Instance;
        _path = options.Path.Length > 1 ? options.Path.TrimEnd('/') : options.Path;
        _work = Channel.CreateBounded<Accepted>(new BoundedChannelOptions(
            options.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
        _refusals = new RefusalReporter(_clock);
        _server = new MinimalHttpServer(new IPEndPoint(options.BindAddress, options.Port), options.MaxBodyBytes, Answer, ReportError)
        {
            Refused = (response, remote) => { Admit(); Refuse(response, remote); },
            AfterResponse = CountAnswer,
        };
    }

    /// <summary>Where Slack (or the reverse proxy) must post, once <see cref="RunAsync"/> has started.</summary>
    public Uri? Url { get; private set; }

    public ListenerStatistics Statistics => _statistics.Snapshot();

    /// <summary>
    /// Binds the socket and returns the URL to post to. A busy port or a bad address fails here, before anything runs;
    /// requests wait in the backlog until <see cref="RunAsync"/> starts.
    /// </summary>
    public Uri Start()
    {
        lock (_server)
        {
            if (Url != null) return Url;
            _server.Start();
            var endpoint = _server.LocalEndpoint;
            var host = endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any) ? "localhost"
                : endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + endpoint.Address + "]"
                    : endpoint.Address.ToString();
            Url = new Uri($"http://{host}:{endpoint.Port}{_path}");
            OperationContext.Log.Write(LogLevel.Verbose, $"Listening for Slack interactions on {Url} (bound to {endpoint}).");
            return Url;
        }
    }

    /// <summary>
    /// Listens until cancelled (Ctrl+C: stops at once), or until MaxRequests or Timeout is reached (then finishes
    /// the accepted work first). Binding happens before the first item, so a busy port fails straight away.
    /// </summary>
    public async IAsyncEnumerable<SlackInteraction> RunAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1) throw new InvalidOperationException("The listener is already running.");
        if (Url == null) Start();
        if (ct.IsCancellationRequested)
        {
            Stop(); // free the port bound by Start, then end like a run cancelled while running
            ct.ThrowIfCancellationRequested();
        }
        _log = OperationContext.Log;
        ReportProgress(force: true);

        using var registration = ct.Register(Stop);
        var accepting = _server.AcceptLoopAsync();
        var workers = Enumerable.Range(0, _options.Workers).Select(_ => Task.Run(() => WorkAsync(ct))).ToArray();
        _ = Task.WhenAll(workers).ContinueWith(_ => _results.Writer.TryComplete(), TaskScheduler.Default);
        if (_options.Timeout.HasValue) _ = StopAfterAsync(_options.Timeout.Value, ct);

        try
        {
            while (await _results.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (_results.Reader.TryRead(out var result)) yield return result;
            }
            // Cancellation completes the queues too; whichever wakes first, a cancelled run ends with cancellation.
            ct.ThrowIfCancellationRequested();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            Stop();
            await accepting.ConfigureAwait(false);
            _log.Progress(new ProgressReport(1, "Slack interaction listener", "Stopped", Completed: true));
        }
    }

    /// <summary>Stops accepting requests; the workers finish what was accepted (unless the run is cancelled).</summary>
    public void Stop()
    {
        _server.Stop();
        _work.Writer.TryComplete();
    }

    private async Task StopAfterAsync(TimeSpan timeout, CancellationToken ct)
    {
        try { await _clock.Delay(timeout, ct).ConfigureAwait(false); }
        catch (OperationCanceledException) { return; }
        _log.Write(LogLevel.Verbose, $"The listener's time is up ({timeout.TotalSeconds:0} s): stopping.");
        Stop();
    }

    private ListenerResponse Answer(ListenerRequest request)
    {
        if (!Admit()) return new ListenerResponse(503, "The listener is stopping.", closeConnection: true);
        var refusal = InteractionRequestGate.Check(request, _path, _verifier, out var payload);
        if (refusal != null) return Refuse(refusal, request.Remote);

        if (!_work.Writer.TryWrite(new Accepted(payload!, _clock.UtcNow)))
            return Refuse(new ListenerResponse(503, "The listener is busy or stopping; try again."), request.Remote);
        _statistics.CountAccepted();
        return new ListenerResponse(200);
    }

    private ListenerResponse Refuse(ListenerResponse response, IPEndPoint? remote)
    {
        _statistics.CountRefused();
        _refusals.Report(_log, $"Refused a request from {remote?.Address.ToString() ?? "an unknown address"}:" +
            $" {response.StatusCode} {response.Text}");
        ReportProgress(force: false);
        return response;
    }

    /// <summary>Reserves one of MaxRequests; false once they are all taken (concurrent requests cannot overshoot).</summary>
    private bool Admit() => !_options.MaxRequests.HasValue || Interlocked.Increment(ref _admitted) <= _options.MaxRequests.Value;

    private void CountAnswer()
    {
        var answered = Interlocked.Increment(ref _answered);
        if (_options.MaxRequests.HasValue && answered >= _options.MaxRequests.Value) Stop();
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        while (await _work.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            if (!_work.Reader.TryRead(out var item)) continue;
            SlackInteraction result;
            try
            {
                result = await _handler.HandleAsync(item.Payload, item.ReceivedAt, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // One interaction's failure is reported with it; the listener goes on.
                result = new SlackInteraction
                {
                    Action = item.Payload.Actions.FirstOrDefault()?.ActionId ?? item.Payload.Type,
                    User = item.Payload.UserId,
                    UserName = item.Payload.UserName,
                    Channel = item.Payload.ChannelId,
                    Ts = item.Payload.MessageTs,
                    ReceivedAt = item.ReceivedAt,
                    CompletedAt = _clock.UtcNow,
                    Status = InteractionStatus.Failed,
                    Error = ex.Message,
                };
            }
            _statistics.CountHandled(result.Status);
            _results.Writer.TryWrite(result);
            ReportProgress(force: false);
        }
    }

    private void ReportError(Exception ex) => _log.Write(LogLevel.Warning,
        "The interaction listener hit an error and goes on: " + ex.Message);

    private void ReportProgress(bool force)
    {
        if (!_statistics.ShouldReport(_clock.UtcNow, force)) return;
        var s = _statistics.Snapshot();
        _log.Progress(new ProgressReport(1, "Slack interaction listener",
            $"Listening on {Url} — {s.Handled} handled ({s.Failed} failed), {s.Refused} refused. Ctrl+C stops."));
    }

    public void Dispose()
    {
        Stop();
        _server.Dispose();
    }

    private sealed record Accepted(InteractionPayload Payload, DateTimeOffset ReceivedAt);
}
