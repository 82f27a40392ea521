using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Tests.Slack;

/// <summary>
/// Time that moves only when a test says so. Delay registers a waiter; <see cref="AdvanceToNext"/> jumps to the
/// earliest one and releases everything due. Nothing sleeps: pacing of minutes runs in milliseconds.
/// </summary>
public sealed class VirtualClock : IClock
{
    private readonly object _gate = new();
    private readonly List<(DateTimeOffset Due, TaskCompletionSource Done)> _waiters = new();
    private DateTimeOffset _now;

    public VirtualClock(DateTimeOffset? start = null) { _now = start ?? new DateTimeOffset(2024, 1, 15, 10, 0, 0, TimeSpan.Zero); }

    public DateTimeOffset Start { get; } = new DateTimeOffset(2024, 1, 15, 10, 0, 0, TimeSpan.Zero);

    public DateTimeOffset UtcNow { get { lock (_gate) return _now; } }

    /// <summary>Every delay asked for, in order (for "waited as the server said" assertions).</summary>
    public List<TimeSpan> Requested { get; } = new();

    public int Pending { get { lock (_gate) return _waiters.Count; } }

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate) Requested.Add(delay);
        if (delay <= TimeSpan.Zero) return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _waiters.Add((_now + delay, done));
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                lock (_gate) _waiters.RemoveAll(w => w.Done == done);
                done.TrySetCanceled(cancellationToken);
            });
        }
        return done.Task;
    }

    /// <summary>Moves time to the earliest waiter and releases every waiter then due. False when nobody waits.</summary>
    public bool AdvanceToNext()
    {
        List<TaskCompletionSource> due;
        lock (_gate)
        {
            if (_waiters.Count == 0) return false;
            var next = _waiters.Min(w => w.Due);
            if (next > _now) _now = next;
            due = _waiters.Where(w => w.Due <= _now).Select(w => w.Done).ToList();
            _waiters.RemoveAll(w => w.Due <= _now);
        }
        foreach (var waiter in due) waiter.TrySetResult();
        return true;
    }

    public void Advance(TimeSpan by)
    {
        List<TaskCompletionSource> due;
        lock (_gate)
        {
            _now += by;
            due = _waiters.Where(w => w.Due <= _now).Select(w => w.Done).ToList();
            _waiters.RemoveAll(w => w.Due <= _now);
        }
        foreach (var waiter in due) waiter.TrySetResult();
    }

    /// <summary>
    /// Runs <paramref name="work"/> to its end in virtual time: whenever every active worker is waiting on the clock
    /// (<paramref name="activeWorkers"/> says how many there are), time jumps to the next waiter. Waiting for the
    /// workers to reach the clock is a real wait on an event, bounded by a timeout, never a timed assertion.
    /// </summary>
    public async Task RunAsync(Task work, Func<int> activeWorkers, TimeSpan? timeout = null)
    {
        var limit = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!work.IsCompleted)
        {
            var pending = Pending;
            if (pending > 0 && pending >= activeWorkers())
            {
                AdvanceToNext();
                continue;
            }
            if (DateTime.UtcNow > limit) throw new TimeoutException($"The work did not finish: {pending} waiting on the " +
                $"clock, {activeWorkers()} active.");
            await Task.WhenAny(work, Task.Delay(1));
        }
        await work;
    }
}
