using System;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Sync
{
    /// <summary>
    /// Spaces the posts of one channel (Slack allows about one message per second per channel). Each channel has its
    /// own pacer and posts one at a time, so the pacer needs no locking.
    /// </summary>
    internal sealed class PostPacer
    {
        private readonly IClock _clock;
        private readonly TimeSpan _interval;
        private DateTimeOffset? _last;

        public PostPacer(IClock clock, TimeSpan interval)
        {
            _clock = clock;
            _interval = interval;
        }

        public async Task WaitTurnAsync(CancellationToken cancellationToken)
        {
            if (_last != null && _interval > TimeSpan.Zero)
            {
                var wait = _last.Value + _interval - _clock.UtcNow;
                if (wait > TimeSpan.Zero) await _clock.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
            _last = _clock.UtcNow;
        }
    }
}
