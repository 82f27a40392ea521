namespace AlloyShopifySlack.Slack.Interactions;

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
