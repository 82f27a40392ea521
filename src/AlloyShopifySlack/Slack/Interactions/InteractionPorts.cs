using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.GoogleSheets;

namespace AlloyShopifySlack.Slack.Interactions
{
    /// <summary>Replaces a posted message (chat_update through Alloy). Retrying it is harmless: the result is the same.</summary>
    public interface ISlackMessageUpdater
    {
        Task UpdateMessageAsync(string channel, string ts, SlackMessage message, CancellationToken ct);
    }

    /// <summary>Tells one user something in a channel that only they see (chat.postEphemeral): who has an alert already.</summary>
    public interface ISlackNotifier
    {
        Task NotifyAsync(string channel, string user, string text, CancellationToken ct);
    }

    /// <summary>Adds tags to a Shopify order (tagsAdd; adding a tag twice leaves one).</summary>
    public interface IOrderTagger
    {
        Task AddTagsAsync(string orderId, IReadOnlyList<string> tags, CancellationToken ct);
    }

    /// <summary>Appends one row per order to the order log. Not idempotent: callers make sure it runs once per order.</summary>
    public interface IOrderLog
    {
        Task AppendAsync(OrderLogRow row, CancellationToken ct);
    }
}
