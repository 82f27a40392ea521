using System;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Sync.Adapters
{
    /// <summary>The engine's poster on <see cref="SlackClient"/>: chat.postMessage, and conversations.history by metadata.</summary>
    public sealed class SlackAlertPoster : IAlertPoster
    {
        private readonly SlackClient _slack;

        public SlackAlertPoster(SlackClient slack) { _slack = slack; }

        public async Task<PostedMessage> PostAsync(string channel, SlackMessage message, CancellationToken cancellationToken)
        {
            var posted = await _slack.PostMessageAsync(channel, message, cancellationToken).ConfigureAwait(false);
            // Slack may answer with the channel's id for a name; the ledger keeps what the alert was routed to.
            return new PostedMessage(channel, posted.Ts);
        }

        public Task<string?> FindExistingAsync(string channel, AlertKey key, DateTimeOffset oldest, CancellationToken cancellationToken)
        {
            // An order counts as posted when its own alert or a digest naming it is there.
            if (key.EventType == AlertKey.OrderEventType)
                return _slack.FindOrderMessageAsync(channel, key.Value, oldest, cancellationToken);
            return _slack.FindMessageByMetadataAsync(channel, key.EventType,
                payload => JsonRead.String(payload, key.PayloadField) == key.Value, oldest, cancellationToken);
        }
    }
}
