using System;
using System.Threading;

namespace AlloyShopifySlack.Common
{
    /// <summary>
    /// Lets a caller learn of the retries the Alloy client makes on its own (a 429 waited out, a 5xx retried), which
    /// it otherwise cannot see: the Slack pacer uses it to slow a channel whose post was rate limited. The observer
    /// flows with the async call, like <see cref="OperationContext"/>, so concurrent calls each see their own.
    /// </summary>
    public static class RetryNotices
    {
        private static readonly AsyncLocal<Action<Exception, TimeSpan>?> Current = new AsyncLocal<Action<Exception, TimeSpan>?>();

        /// <summary>Calls <paramref name="observer"/> (failure, wait before the next attempt) for each retry until disposed.</summary>
        public static IDisposable Observe(Action<Exception, TimeSpan> observer)
        {
            var scope = new Scope(Current.Value);
            Current.Value = observer;
            return scope;
        }

        /// <summary>Called by the transport just before it waits to retry.</summary>
        public static void Notify(Exception failure, TimeSpan wait)
        {
            try { Current.Value?.Invoke(failure, wait); }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                OperationContext.Log.Write(LogLevel.Debug, "A retry observer failed: " + ex.Message);
            }
        }

        private sealed class Scope : IDisposable
        {
            private readonly Action<Exception, TimeSpan>? _previous;
            public Scope(Action<Exception, TimeSpan>? previous) { _previous = previous; }
            public void Dispose() => Current.Value = _previous;
        }
    }
}
