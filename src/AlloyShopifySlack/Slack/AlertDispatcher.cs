using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Slack;

/// <summary>
/// Sends many (channel, message) items: one lane per channel, lanes concurrently, items in order within a lane,
/// each paced by the client's <see cref="Pacing.SlackPacer"/> (the one delivery path). Every item's outcome is reported; a failure never
/// stops the
/// others. A channel that refuses outright (not_in_channel ...) or a credential that is refused fails the rest of
/// its items at once instead of spending the rate budget on answers already known.
/// </summary>
public sealed class AlertDispatcher
{
    private readonly SlackClient _client;
    private readonly Func<AlertOutcome, CancellationToken, Task> _onOutcome;
    private readonly SemaphoreSlim _lanesAtOnce;
    private readonly CancellationToken _ct;
    private readonly object _gate = new object();
    private readonly Dictionary<string, Lane> _lanes = new Dictionary<string, Lane>(StringComparer.Ordinal);
    private readonly List<Task> _running = new List<Task>();
    private volatile Exception? _credentialFailure;
    private bool _completed;

    public AlertDispatcher(SlackClient client, Func<AlertOutcome, CancellationToken, Task>? onOutcome,
        CancellationToken ct, int maxConcurrentChannels = DefaultMaxConcurrentChannels)
    {
        if (maxConcurrentChannels < 1) throw new ArgumentOutOfRangeException(nameof(maxConcurrentChannels));
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _onOutcome = onOutcome ?? ((o, c) => Task.CompletedTask);
        _lanesAtOnce = new SemaphoreSlim(maxConcurrentChannels, maxConcurrentChannels);
        _ct = ct;
    }

    /// <summary>This many channels are served at once (the pacer keeps the workspace-wide rate).</summary>
    public const int DefaultMaxConcurrentChannels = 8;

    /// <summary>Sends every item and returns every outcome, in the order the items were given.</summary>
    public static async Task<IReadOnlyList<AlertOutcome>> SendAllAsync(SlackClient client, IEnumerable<AlertItem> items,
        CancellationToken ct, int maxConcurrentChannels = DefaultMaxConcurrentChannels)
    {
        var list = items.ToList();
        var outcomes = new AlertOutcome?[list.Count];
        var index = list.Select((item, i) => (item, i)).ToDictionary(p => p.item, p => p.i);
        var dispatcher = new AlertDispatcher(client, (o, c) => { outcomes[index[o.Item!]] = o; return Task.CompletedTask; }, ct,
            maxConcurrentChannels);
        foreach (var item in list) dispatcher.Enqueue(item);
        await dispatcher.CompleteAsync().ConfigureAwait(false);
        return outcomes.Select(o => o!).ToList();
    }

    /// <summary>Queues an item behind the others of its channel; starts the channel's lane when idle. Thread-safe.</summary>
    public void Enqueue(AlertItem item)
    {
        if (item == null) throw new ArgumentNullException(nameof(item));
        lock (_gate)
        {
            if (_completed) throw new InvalidOperationException("The dispatcher was completed; no more items can be queued.");
            if (!_lanes.TryGetValue(item.Channel, out var lane)) _lanes[item.Channel] = lane = new Lane(item.Channel);
            lane.Items.Enqueue(item);
            if (lane.Running) return;
            lane.Running = true;
            _running.RemoveAll(t => t.Status == TaskStatus.RanToCompletion);
            _running.Add(Task.Run(() => RunLaneAsync(lane)));
        }
    }

    /// <summary>Items queued and not yet reported, over all channels.</summary>
    public int Pending
    {
        get { lock (_gate) return _lanes.Values.Sum(l => l.Items.Count + (l.Running ? 1 : 0)); }
    }

    /// <summary>No more items will come: completes when every queued item has been reported. Faults if a report failed.</summary>
    public Task CompleteAsync()
    {
        Task[] running;
        lock (_gate)
        {
            _completed = true;
            running = _running.ToArray();
        }
        return Task.WhenAll(running);
    }

    private async Task RunLaneAsync(Lane lane)
    {
        await _lanesAtOnce.WaitAsync(_ct).ConfigureAwait(false);
        try
        {
            while (true)
            {
                AlertItem item;
                lock (_gate)
                {
                    if (lane.Items.Count == 0) { lane.Running = false; return; }
                    item = lane.Items.Dequeue();
                }
                var outcome = await SendAsync(lane, item).ConfigureAwait(false);
                await _onOutcome(outcome, _ct).ConfigureAwait(false);
            }
        }
        catch
        {
            lock (_gate) lane.Running = false;
            throw;
        }
        finally
        {
            _lanesAtOnce.Release();
        }
    }

    private async Task<AlertOutcome> SendAsync(Lane lane, AlertItem item)
    {
        var known = _credentialFailure ?? lane.ChannelFailure;
        if (known != null) return Failed(item, NotSent(known, item.Channel));
        try
        {
            var posted = await _client.PostMessageAsync(item.Channel, item.Message, _ct).ConfigureAwait(false);
            return AlertOutcome.ForItem(item, posted, null, _client.Clock.UtcNow);
        }
        catch (OperationCanceledException) when (_ct.IsCancellationRequested)
        {
            throw;
        }
        catch (SlackApiException ex)
        {
            if (SlackErrorCodes.IsCredentialFailure(ex.Code)) _credentialFailure = ex;
            else if (SlackErrorCodes.IsChannelFailure(ex.Code)) lane.ChannelFailure = ex;
            return Failed(item, ex);
        }
        catch (AlloyAuthenticationException ex)
        {
            _credentialFailure = ex;
            return Failed(item, ex);
        }
        catch (Exception ex) when (ex is AlloyException || ex is ArgumentException)
        {
            return Failed(item, ex);
        }
    }

    /// <summary>The error for an item not sent because an earlier one was refused in a way that will repeat.</summary>
    private static Exception NotSent(Exception known, string channel)
    {
        if (known is SlackApiException slack)
            return new SlackApiException(slack.Method, slack.Code, channel, slack.Warning,
                new[] { "not sent: Slack refused an earlier message the same way" });
        return known;
    }

    private AlertOutcome Failed(AlertItem item, Exception error) => AlertOutcome.ForItem(item, null, error, _client.Clock.UtcNow);

    private sealed class Lane
    {
        public Lane(string channel) { Channel = channel; }
        public string Channel { get; }
        public Queue<AlertItem> Items { get; } = new Queue<AlertItem>();
        public bool Running { get; set; }
        public Exception? ChannelFailure { get; set; }
    }
}
