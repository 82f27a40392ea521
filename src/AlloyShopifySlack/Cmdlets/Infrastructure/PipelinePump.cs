using System;
using System.Collections.Concurrent;
using System.Threading;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Cmdlets.Infrastructure
{
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

        public void Write(LogLevel level, string message) => Enqueue(() => _write(level, message));

        public void Progress(ProgressReport report) => Enqueue(() => _progress(report));

        /// <summary>Queues an item for the pipeline thread; waits (asynchronously) while too many are pending.</summary>
        public async System.Threading.Tasks.Task PostItemAsync(Action emit, CancellationToken cancellationToken)
        {
            await _itemSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            Enqueue(() =>
            {
                try { emit(); }
                finally { _itemSlots.Release(); }
            });
        }

        private void Enqueue(Action action)
        {
            _queue.Enqueue(action);
            _signal.Set();
        }

        /// <summary>Runs on the pipeline thread until <paramref name="isDone"/> is true and the queue is empty.</summary>
        public void PumpUntil(Func<bool> isDone)
        {
            while (true)
            {
                var done = isDone();
                while (_queue.TryDequeue(out var action)) action();
                if (done) return;
                _signal.WaitOne(100);
            }
        }

        public void Dispose()
        {
            _signal.Dispose();
            _itemSlots.Dispose();
        }
    }
}
