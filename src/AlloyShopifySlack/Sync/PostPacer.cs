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
        /// <summary>Channels of one workspace posted to at once, over all its tenants (Slack's workspace-wide limit, as AlertDispatcher keeps it).</summary>
        public const int ChannelsAtOncePerWorkspace = 8;
        private readonly ConcurrentDictionary<string, PostPacer> _pacers = new ConcurrentDictionary<string, PostPacer>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _workspaces = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal);

        internal PostPacer For(string channel, IClock clock, TimeSpan interval) => _pacers.GetOrAdd(channel, _ => new PostPacer(clock, interval));

        /// <summary>Waits for one of the workspace's channel lanes (none to wait for when the workspace is unknown); dispose to let go.</summary>
        public async Task<IDisposable?> EnterWorkspaceAsync(string? workspace, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(workspace)) return null;
            var lanes = _workspaces.GetOrAdd(workspace!, _ => new SemaphoreSlim(ChannelsAtOncePerWorkspace, ChannelsAtOncePerWorkspace));
            await lanes.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Lane(lanes);
        }

        internal int FreeLanes(string workspace) => _workspaces.TryGetValue(workspace, out var lanes) ? lanes.CurrentCount : ChannelsAtOncePerWorkspace;

        private sealed class Lane : IDisposable
        {
            private SemaphoreSlim? _lanes;
            public Lane(SemaphoreSlim lanes) { _lanes = lanes; }
            public void Dispose() => Interlocked.Exchange(ref _lanes, null)?.Release();
        }
    }
}
