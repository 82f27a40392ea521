using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>
/// One run per tenant and shop: a lock file held open with FileShare.None (an exclusive flock on Unix, a sharing
/// lock on Windows). The operating system releases it when the process dies, so a killed run never leaves a
/// stale lock behind.
/// </summary>
public sealed class LedgerLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly FileStream _handle;

    private LedgerLock(FileStream handle) { _handle = handle; }

    public string Path => _handle.Name;

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/> for another run to let go.</summary>
    public static async Task<LedgerLock> AcquireAsync(string path, TimeSpan timeout, IClock clock, CancellationToken cancellationToken)
    {
        var started = clock.UtcNow;
        var reported = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var handle = TryOpen(path);
            if (handle != null) return new LedgerLock(handle);
            var waited = clock.UtcNow - started;
            if (waited >= timeout) throw SyncStateException.Locked(path, waited);
            if (!reported)
            {
                OperationContext.Log.Write(LogLevel.Warning, $"Another Invoke-OrderSync run holds '{path}'; waiting up " +
                    $"to {timeout.TotalSeconds:0} s for it to finish.");
                reported = true;
            }
            await clock.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null; // held by another run (a sharing violation); anything else is a real error
        }
    }

    public void Dispose() => _handle.Dispose();
}
