using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Sync
{
    /// <summary>
    /// Spaces the posts of one channel (Slack allows about one message per second per channel). Each post reserves
    /// the next free slot under a lock, so one pacer can be shared by the runs of several tenants that post into
    /// the same channel (see <see cref="ChannelPacing"/>) and together they still keep to the channel's pace.
    /// </summary>
    internal sealed class PostPacer
    {
        private readonly object _gate = new object();
        private readonly IClock _clock;
        private readonly TimeSpan _interval;
        private DateTimeOffset? _next;

        public PostPacer(IClock clock, TimeSpan interval)
        {
            _clock = clock;
            _interval = interval;
        }

        public Task WaitTurnAsync(CancellationToken cancellationToken)
        {
            var wait = Reserve();
            return wait > TimeSpan.Zero ? _clock.Delay(wait, cancellationToken) : Task.CompletedTask;
        }

        /// <summary>Takes the next slot and says how long until it comes (zero: now).</summary>
        internal TimeSpan Reserve()
        {
            lock (_gate)
            {
                var now = _clock.UtcNow;
                var slot = _next == null || _next < now ? now : _next.Value;
                _next = slot + _interval;
                return slot - now;
            }
        }
    }

    /// <summary>
    /// The channel pacers of one Invoke-OrderSync over several tenants: tenants that post into the same channel
    /// (one workspace, the same channel id) share its pacer, so side by side they do not exceed its rate.
    /// </summary>
    public sealed class ChannelPacing
    {
        private readonly ConcurrentDictionary<string, PostPacer> _pacers = new ConcurrentDictionary<string, PostPacer>(StringComparer.Ordinal);

        internal PostPacer For(string channel, IClock clock, TimeSpan interval) => _pacers.GetOrAdd(channel, _ => new PostPacer(clock, interval));
    }
}
