using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Sync;

// The engine's view of the outside world, a port per real client: IOrderSource (Shopify reads: ShopifyOrderSource
// adds the learned page size and the by-id queries), Shopify.IOrderTagger (ShopifyClient itself), IAlertPoster and
// IChannelCheck (Slack: SlackAlertPoster adds the learned pace and the alert-key lookups), GoogleSheets.IOrderLog
// (GoogleSheetsOrderLog itself). The engine is tested with fakes of these and a fake clock.

/// <summary>Where orders come from (Shopify through Alloy).</summary>
public interface IOrderSource
{
    /// <summary>The shop (its currency is the threshold's); also proves the credential works.</summary>
    Task<ShopSummary> GetShopAsync(CancellationToken cancellationToken);

    /// <summary>Orders created at or after <paramref name="createdAfter"/>, every page.</summary>
    IAsyncEnumerable<ShopifyOrder> ReadOrdersAsync(DateTimeOffset createdAfter, CancellationToken cancellationToken);

    /// <summary>Specific orders (retries whose orders fell out of the window); unknown ids are simply absent.</summary>
    IAsyncEnumerable<ShopifyOrder> ReadOrdersByIdAsync(IReadOnlyCollection<string> orderIds, CancellationToken cancellationToken);

    /// <summary>
    /// Follow-ups: orders updated at or after <paramref name="updatedAfter"/> and created before <paramref name="createdBefore"/>
    /// (newer ones come with the created read), every page, in update order.
    /// </summary>
    IAsyncEnumerable<ShopifyOrder> ReadUpdatedOrdersAsync(DateTimeOffset updatedAfter, DateTimeOffset createdBefore,
        CancellationToken cancellationToken);
}

public sealed class ShopSummary
{
    public string Name { get; init; } = string.Empty;
    public string Currency { get; init; } = string.Empty;
    public string? Domain { get; init; }
}

/// <summary>Where alerts go (Slack through Alloy).</summary>
public interface IAlertPoster
{
    /// <summary>Posts once; never retried blindly (an ambiguous failure raises AlloyAmbiguousResultException).</summary>
    Task<SlackPostResult> PostAsync(string channel, SlackMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// One pass over the channel's history in <paramref name="window"/> (newest first) that looks for all of
    /// <paramref name="keys"/> at once (metadata or block ids), stopping when all are found or when the next
    /// call or rate-limit wait would end after <paramref name="deadline"/>. Slack and Alloy failures end the pass
    /// and are reported in the answer, with what was found and read before them.
    /// </summary>
    Task<AlertLookup> LookUpAsync(string channel, IReadOnlyCollection<AlertKey> keys, HistoryWindow window, DateTimeOffset deadline,
        CancellationToken cancellationToken);

    // Follow-ups: the alert changed in place, replies in its thread, and the reads that keep both exactly once.

    /// <summary>chat.update of a posted message; repeating it is harmless.</summary>
    Task UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken);

    /// <summary>A reply in the thread of <paramref name="threadTs"/>, posted as alerts are (never retried blindly).</summary>
    Task<SlackPostResult> ReplyAsync(string channel, string threadTs, SlackMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// The messages <paramref name="ts"/> as they are in the channel now (blocks, claim), read in the history
    /// <paramref name="windows"/> that hold them, within the deadline; failures end the read and are reported in it.
    /// </summary>
    Task<MessageRead> ReadMessagesAsync(string channel, IReadOnlyList<HistoryWindow> windows, IReadOnlyCollection<string> ts,
        DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>One thread (conversations.replies): its parent as it is now, and which of <paramref name="keys"/> its replies
    /// carry.</summary>
    Task<ThreadRead> ReadThreadAsync(string channel, string threadTs, IReadOnlyCollection<AlertKey> keys, DateTimeOffset deadline,
        CancellationToken cancellationToken);

    /// <summary>A link to a message (chat.getPermalink).</summary>
    Task<string> PermalinkAsync(string channel, string ts, CancellationToken cancellationToken);
}

/// <summary>Builds the messages (Block Kit, escaping, limits); a pure function of its input.</summary>
public interface IAlertComposer
{
    SlackMessage ComposeAlert(ShopifyOrder order);
    SlackMessage ComposeDigest(IReadOnlyList<ShopifyOrder> orders, string digestId);
    /// <summary>How many orders one digest message can list.</summary>
    int MaxOrdersPerDigest { get; }
}

/// <summary>Receives what happened, as it happens (the -LogPath JSON lines).</summary>
public interface ISyncEventSink
{
    void OnAlert(AlertOutcome outcome);
    void OnRun(OrderSyncResult result);
}
