namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>chat_update (and the ephemeral "who has it" note) through SlackClient's one write path (paced with the workspace's other
/// writes; ok:false is an error).</summary>
public sealed class SlackClientMessageUpdater : ISlackMessageUpdater, ISlackNotifier
{
    private readonly SlackClient _slack;

    public SlackClientMessageUpdater(SlackClient slack) { _slack = slack ?? throw new ArgumentNullException(nameof(slack)); }

    public Task UpdateMessageAsync(string channel, string ts, SlackMessage message, CancellationToken ct) =>
        _slack.UpdateMessageAsync(channel, ts, message, ct);

    public Task NotifyAsync(string channel, string user, string text, CancellationToken ct) =>
        _slack.PostEphemeralAsync(channel, user, new SlackMessage(text), ct);
}
