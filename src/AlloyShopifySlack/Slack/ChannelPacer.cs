using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Slack
{
    /// <summary>
    /// A token bucket per channel, on the clock: Slack allows about one chat.postMessage per second per channel with
    /// short bursts (api-facts §3.2). Kept as a schedule (the next free slot per channel, GCRA) so that concurrent
    /// callers each reserve a distinct slot and a caller that is late does not waste the next one's. A rate limit
    /// answer (<see cref="Penalize"/>) empties the channel's bucket until Slack's retry time.
    /// </summary>
    public sealed class ChannelPacer
    {
        private readonly IClock _clock;
        private readonly object _gate = new object();
        private readonly Dictionary<string, DateTimeOffset> _nextFree = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        private readonly TimeSpan _interval;
        private readonly TimeSpan _tolerance;

        /// <param name="messagesPerSecond">Sustained rate per channel.</param>
        /// <param name="burst">Messages that may go at once on a channel that has been quiet.</param>
        /// <param name="margin">
        /// Added to every interval (default 2% of it): the server counts arrivals, not sends, and a request that travels faster than
        /// the one before it would otherwise arrive a hair early and be refused.
        /// </param>
        public ChannelPacer(IClock clock, double messagesPerSecond = DefaultMessagesPerSecond, int burst = DefaultBurst, TimeSpan? margin = null)
        {
            if (messagesPerSecond <= 0 || double.IsNaN(messagesPerSecond) || double.IsInfinity(messagesPerSecond))
                throw new ArgumentOutOfRangeException(nameof(messagesPerSecond), messagesPerSecond, "The rate must be a positive number of messages per second.");
            if (burst < 1) throw new ArgumentOutOfRangeException(nameof(burst), burst, "The burst must be at least 1.");
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            MessagesPerSecond = messagesPerSecond;
            Burst = burst;
            var interval = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / messagesPerSecond));
            _interval = interval + (margin ?? TimeSpan.FromTicks((long)(interval.Ticks * DefaultMarginFraction)));
            _tolerance = TimeSpan.FromTicks(_interval.Ticks * (burst - 1));
        }

        public const double DefaultMessagesPerSecond = 1.0;
        public const int DefaultBurst = 3;
        /// <summary>The default margin: 2% of the interval (20 ms at one message a second).</summary>
        public const double DefaultMarginFraction = 0.02;

        public double MessagesPerSecond { get; }
        public int Burst { get; }
        public TimeSpan Interval => _interval;

        /// <summary>Waits (on the clock) until the channel may take one more message, and takes it.</summary>
        public Task WaitTurnAsync(string channel, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            var wait = Reserve(channel);
            return wait > TimeSpan.Zero ? _clock.Delay(wait, ct) : Task.CompletedTask;
        }

        /// <summary>Reserves the channel's next slot and says how long until it comes (zero: go now).</summary>
        public TimeSpan Reserve(string channel)
        {
            var now = _clock.UtcNow;
            lock (_gate)
            {
                // The theoretical arrival time: when the bucket would be full again if nothing more were sent.
                var theoretical = _nextFree.TryGetValue(channel, out var next) && next > now ? next : now;
                var sendAt = theoretical - _tolerance;
                if (sendAt < now) sendAt = now;
                _nextFree[channel] = theoretical + _interval;
                return sendAt - now;
            }
        }

        /// <summary>Slack said the channel is over its limit: nothing more goes there for <paramref name="retryAfter"/>, then no burst.</summary>
        public void Penalize(string channel, TimeSpan retryAfter)
        {
            if (retryAfter < TimeSpan.Zero) retryAfter = TimeSpan.Zero;
            var now = _clock.UtcNow;
            lock (_gate)
            {
                // The next slot opens at now + retryAfter, with an empty bucket (the tolerance is used up).
                var blocked = now + retryAfter + _tolerance;
                if (!_nextFree.TryGetValue(channel, out var next) || next < blocked) _nextFree[channel] = blocked;
            }
        }

        /// <summary>
        /// A message to the channel was just accepted. Slack counted it somewhere between its send and now; counting
        /// it now is the safe choice, so that a slow request (a cold start, a retry inside the client) does not let
        /// the following messages through sooner than Slack's bucket allows.
        /// </summary>
        public void Delivered(string channel)
        {
            var now = _clock.UtcNow;
            lock (_gate)
            {
                var earliest = now + _interval;
                if (!_nextFree.TryGetValue(channel, out var next) || next < earliest) _nextFree[channel] = earliest;
            }
        }

        /// <summary>
        /// The Alloy client itself is about to retry a rate-limited post after <paramref name="retryAfter"/>: the
        /// channel waits that long with an empty bucket, and the retry takes the slot that then opens.
        /// </summary>
        public void RetryingAfterRateLimit(string channel, TimeSpan retryAfter)
        {
            Penalize(channel, retryAfter);
            Reserve(channel);
        }

        /// <summary>When every message sent so far on the channel would be "paid for" (for tests and diagnostics).</summary>
        public DateTimeOffset? NextFree(string channel)
        {
            lock (_gate) return _nextFree.TryGetValue(channel, out var next) ? next : (DateTimeOffset?)null;
        }
    }
}
