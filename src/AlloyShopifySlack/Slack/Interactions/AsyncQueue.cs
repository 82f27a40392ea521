using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AlloyShopifySlack.Slack.Interactions
{
    /// <summary>
    /// A small bounded multi-producer, multi-consumer queue (netstandard2.0 has no System.Threading.Channels):
    /// adding never blocks (it fails when full or completed); taking waits until an item arrives or the queue completes.
    /// </summary>
    internal sealed class AsyncQueue<T>
    {
        private readonly object _gate = new object();
        private readonly Queue<T> _items = new Queue<T>();
        private readonly int _capacity;
        private TaskCompletionSource<bool>? _signal;
        private bool _completed;

        public AsyncQueue(int capacity = int.MaxValue) { _capacity = capacity; }

        public bool TryAdd(T item)
        {
            TaskCompletionSource<bool>? signal;
            lock (_gate)
            {
                if (_completed || _items.Count >= _capacity) return false;
                _items.Enqueue(item);
                signal = _signal;
                _signal = null;
            }
            signal?.TrySetResult(true);
            return true;
        }

        /// <summary>No more items will be added; takers drain what is left, then get false.</summary>
        public void Complete()
        {
            TaskCompletionSource<bool>? signal;
            lock (_gate)
            {
                _completed = true;
                signal = _signal;
                _signal = null;
            }
            signal?.TrySetResult(true);
        }

        /// <summary>The next item; (false, default) once the queue is completed and empty.</summary>
        public async Task<KeyValuePair<bool, T>> TakeAsync(CancellationToken ct)
        {
            while (true)
            {
                Task wait;
                lock (_gate)
                {
                    if (_items.Count > 0) return new KeyValuePair<bool, T>(true, _items.Dequeue());
                    if (_completed) return new KeyValuePair<bool, T>(false, default!);
                    _signal ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _signal.Task;
                }
                await WaitAsync(wait, ct).ConfigureAwait(false);
            }
        }

        private static async Task WaitAsync(Task task, CancellationToken ct)
        {
            if (!ct.CanBeCanceled)
            {
                await task.ConfigureAwait(false);
                return;
            }
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (ct.Register(() => cancelled.TrySetCanceled(ct)))
                await (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }
}
