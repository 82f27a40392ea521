namespace AlloyShopifySlack.Common;

/// <summary>
/// Lets a caller stop waiting for a task that does not honour its token (a stuck handler, a stream read that
/// ignores cancellation), so that Ctrl+C always ends a wait promptly.
/// </summary>
public static class TaskCancellation
{
    public static async Task<T> WaitAsync<T>(Task<T> task, CancellationToken cancellationToken)
    {
        if (task.IsCompleted || !cancellationToken.CanBeCanceled) return await task.ConfigureAwait(false);
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
        {
            var first = await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false);
            if (first != task)
            {
                Observe(task);
                throw new OperationCanceledException(cancellationToken);
            }
        }
        return await task.ConfigureAwait(false);
    }

    /// <summary>Keeps an abandoned task's eventual exception from surfacing as an unobserved task exception.</summary>
    private static void Observe(Task task) =>
        task.ContinueWith(t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
