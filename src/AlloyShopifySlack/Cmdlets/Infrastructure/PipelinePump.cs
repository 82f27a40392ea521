using System.Collections.Concurrent;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Cmdlets.Infrastructure;

/// <summary>
/// Carries what worker threads have to say (log lines, progress, output items) to the pipeline thread, which
/// alone may call Write*. Output items are bounded so that a fast producer cannot fill memory.
/// </summary>
internal sealed class PipelinePump : IOperationLog, IDisposable
{
    private readonly ConcurrentQueue<Action> _queue = new ConcurrentQueue<Action>();
    private readonly AutoResetEvent _signal = new AutoResetEvent(false);
    private readonly SemaphoreSlim _itemSlots;
    private readonly Action<LogLevel, string> _write;
    private readonly Action<ProgressReport> _progress;

    public PipelinePump(Action<LogLevel, string> write, Action<ProgressReport> progress, int maxPendingItems = 512)
    {
        _write = write;
        _progress = progress;
        _itemSlots = new SemaphoreSlim(maxPendingItems, maxPendingItems);
    }

    private volatile bool _disposed;

    public void Write(LogLevel level, string message) => Enqueue(() => _write(level, message));

    public void Progress(ProgressReport report) => Enqueue(() => _progress(report));

    /// <summary>Queues an item for the pipeline thread; waits (asynchronously) while too many are pending.</summary>
    public async System.Threading.Tasks.Task PostItemAsync(Action emit, CancellationToken cancellationToken)
    {
        await _itemSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        Enqueue(() =>
        {
            try { emit(); }
            finally { ReleaseSlot(); }
        });
    }

    /// <summary>Makes a waiting <see cref="PumpUntil(Func{bool})"/> look again (the work has ended).</summary>
    public void Wake() => Enqueue(() => { });

    private void ReleaseSlot()
    {
        try { _itemSlots.Release(); }
        catch (ObjectDisposedException) { }
    }

    private void Enqueue(Action action)
    {
        _queue.Enqueue(action);
        // A worker abandoned after Ctrl+C may still log after the cmdlet has gone; nobody listens any more.
        if (_disposed) return;
        try { _signal.Set(); }
        catch (ObjectDisposedException) { }
    }

    /// <summary>Runs on the pipeline thread until <paramref name="isDone"/> is true and the queue is empty.</summary>
    public void PumpUntil(Func<bool> isDone) => PumpUntil(isDone, CancellationToken.None);

    /// <summary>
    /// Like <see cref="PumpUntil(Func{bool})"/>, but also returns (after writing what is queued) as soon as
    /// <paramref name="stop"/> is cancelled, even if the work has not noticed yet: Ctrl+C is never kept waiting.
    /// </summary>
    public void PumpUntil(Func<bool> isDone, CancellationToken stop)
    {
        using var wake = stop.Register(Wake);
        while (true)
        {
            var done = isDone();
            while (_queue.TryDequeue(out var action)) action();
            if (done || stop.IsCancellationRequested) return;
            _signal.WaitOne(100);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _signal.Dispose();
        _itemSlots.Dispose();
    }
}
