using System.Collections.Concurrent;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Alloy;

/// <summary>
/// The action schemas of one connection, read at most once each: concurrent callers share the one read, and an
/// unavailable schema is remembered as null (no second try for that connection). Only a read that failed for a
/// passing reason (network, 5xx, 429) is tried again, once <see cref="TransientRetry"/> has passed, so that a
/// long-lived listener is not stuck without it. A read that was cancelled is forgotten.
/// </summary>
internal sealed class ActionSchemaCache
{
    internal static readonly TimeSpan TransientRetry = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Task<ActionSchema?>> _entries =
        new ConcurrentDictionary<string, Task<ActionSchema?>>(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _retryAt =
        new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);

    private static string Key(string connectorId, string actionId) => connectorId + "/" + actionId;

    /// <param name="read">Reads the schema; Transient says a null came from a passing failure.</param>
    public async Task<ActionSchema?> GetOrReadAsync(string connectorId, string actionId,
        Func<CancellationToken, Task<(ActionSchema? Schema, bool Transient)>> read, DateTimeOffset now, CancellationToken ct)
    {
        var key = Key(connectorId, actionId);
        if (_retryAt.TryGetValue(key, out var retryAt) && now >= retryAt && _entries.TryGetValue(key, out var failed) && failed.IsCompleted)
        {
            Remove(key, failed);
            _retryAt.TryRemove(key, out _);
        }
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
                var (schema, transient) = await read(ct).ConfigureAwait(false);
                if (transient) _retryAt[key] = now + TransientRetry;
                mine.SetResult(schema);
                return schema;
            }
            catch (Exception ex)
            {
                // Forget it before the waiters wake, or they would find the same failed read again.
                Remove(key, mine.Task);
                if (ex is OperationCanceledException) mine.SetCanceled();
                else mine.SetException(ex);
                throw;
            }
        }
    }

    private void Remove(string key, Task<ActionSchema?> entry) =>
        ((ICollection<KeyValuePair<string, Task<ActionSchema?>>>)_entries).Remove(
            new KeyValuePair<string, Task<ActionSchema?>>(key, entry));
}
