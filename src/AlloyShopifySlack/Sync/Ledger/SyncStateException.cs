using System;
using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Sync.Ledger
{
    /// <summary>The sync state cannot be used: unreadable, missing a part, or held by another run. Names the file.</summary>
    public sealed class SyncStateException : AlloyException
    {
        public const string UnreadableId = "OrderSyncStateUnreadable";
        public const string LockedId = "OrderSyncStateLocked";

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
    }
}
