using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>The sync state cannot be used: unreadable, missing a part, or held by another run. Names the file.</summary>
public sealed class SyncStateException : AlloyException
{
    public const string UnreadableId = "OrderSyncStateUnreadable";
    public const string LockedId = "OrderSyncStateLocked";
    public const string SyncedThisRoundId = "OrderSyncStateSyncedThisRound";
    public const string UnavailableId = "OrderSyncStateUnavailable";
    public const string ExistsId = "OrderSyncStateExists";

    private SyncStateException(string errorId, AlloyErrorKind kind, string path, string message, Exception? inner)
        : base(errorId, kind, message, inner)
    {
        Path = path;
    }

    /// <summary>The file at fault.</summary>
    public string Path { get; }

    public static SyncStateException Unreadable(string path, string reason, Exception? inner = null) => new SyncStateException(
        UnreadableId, AlloyErrorKind.MalformedResponse, path,
        $"The order sync state file '{path}' cannot be read: {reason}. Nothing was posted. The file is left as it is: " +
        "restore it from a backup, or move it aside to start afresh (orders in the look-back window may then be alerted again).",
        inner);

    public static SyncStateException Locked(string path, TimeSpan waited) => new SyncStateException(
        LockedId, AlloyErrorKind.Conflict, path,
        $"Another Invoke-OrderSync run is using the same tenant and shop (lock file '{path}'); waited {waited.TotalSeconds:0.#} s. " +
        "Nothing was posted by this run. Let the other run finish, or raise -LockTimeoutSeconds.",
        null);

    /// <summary>Another runner holds the tenant in the shared store (the second runner skips it).</summary>
    public static SyncStateException HeldByAnotherRunner(string location, LedgerKey key, TimeSpan waited) => new SyncStateException(
        LockedId, AlloyErrorKind.Conflict, location,
        $"Another runner is syncing {key} (its lock in {location}); waited {waited.TotalSeconds:0.#} s. Nothing was posted by " +
            "this run for it. " +
        "It is skipped here; raise -LockTimeoutSeconds to wait for it instead.",
        null);

    public static SyncStateException SyncedThisRound(string location, LedgerKey key, DateTimeOffset syncedAt) => new SyncStateException(
        SyncedThisRoundId, AlloyErrorKind.Conflict, location,
        $"Another runner finished {key} at {syncedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, after this round began; it is not synced " +
            "twice in one round.",
        null);

    /// <summary>The shared store cannot be reached or stopped answering (the message is already free of secrets).</summary>
    public static SyncStateException Unavailable(string location, string reason, Exception? inner = null) => new SyncStateException(
        UnavailableId, AlloyErrorKind.Unreachable, location,
        $"The order sync state database {location} {reason}. Nothing more was posted by this run; alerts it left pending are settled by " +
            "the next run. " +
        "Check that the database is up and the connection string (-StateConnectionString or ALLOY_STATE_CONNECTION) is right, " +
            "then run again.",
        inner);

    public static SyncStateException AlreadyHasState(string location, LedgerKey key) => new SyncStateException(
        ExistsId, AlloyErrorKind.Conflict, location,
        $"{location} already holds sync state for {key}; nothing was changed. Pass -Force to replace it with the imported state.",
        null);
}
