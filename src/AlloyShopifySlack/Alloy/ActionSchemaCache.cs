using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Alloy
{
    /// <summary>
    /// The action schemas of one connection, read at most once each: concurrent callers share the one read, and an
    /// unavailable schema is remembered as null (no second try for that connection). A read that was cancelled is
    /// forgotten, so that the next caller reads it with its own token.
    /// </summary>
    internal sealed class ActionSchemaCache
    {
        private readonly ConcurrentDictionary<string, Task<ActionSchema?>> _entries = new ConcurrentDictionary<string, Task<ActionSchema?>>(StringComparer.Ordinal);

        private static string Key(string connectorId, string actionId) => connectorId + "/" + actionId;

        /// <summary>True with the schema (or null: known to be unavailable) when it was read before.</summary>
        public bool TryGet(string connectorId, string actionId, out ActionSchema? schema)
        {
            schema = null;
            if (!_entries.TryGetValue(Key(connectorId, actionId), out var task) || task.Status != TaskStatus.RanToCompletion) return false;
            schema = task.Result;
            return true;
        }

        /// <summary>Keeps a schema that came from elsewhere (the sync state), unless one is known already.</summary>
        public void Seed(ActionSchema schema) => _entries.TryAdd(Key(schema.ConnectorId, schema.ActionId), Task.FromResult<ActionSchema?>(schema));

        public async Task<ActionSchema?> GetOrReadAsync(string connectorId, string actionId, Func<CancellationToken, Task<ActionSchema?>> read, CancellationToken ct)
        {
            var key = Key(connectorId, actionId);
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var mine = new TaskCompletionSource<ActionSchema?>(TaskCreationOptions.RunContinuationsAsynchronously);
                var existing = _entries.GetOrAdd(key, mine.Task);
                if (existing != mine.Task)
                {
                    try
                    {
                        return await TaskCancellation.WaitAsync(existing, ct).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        continue; // the caller that was reading it was cancelled: read it ourselves
                    }
                }
                try
                {
                    var schema = await read(ct).ConfigureAwait(false);
                    mine.SetResult(schema);
                    return schema;
                }
                catch (Exception ex)
                {
                    // Forget it before the waiters wake, or they would find the same failed read again.
                    ((System.Collections.Generic.ICollection<System.Collections.Generic.KeyValuePair<string, Task<ActionSchema?>>>)_entries)
                        .Remove(new System.Collections.Generic.KeyValuePair<string, Task<ActionSchema?>>(key, mine.Task));
                    if (ex is OperationCanceledException) mine.SetCanceled();
                    else mine.SetException(ex);
                    throw;
                }
            }
        }
    }
}
