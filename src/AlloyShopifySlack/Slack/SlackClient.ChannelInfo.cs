using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Slack;

public sealed partial class SlackClient
{
    /// <summary>conversations.info: the channel as the app sees it, membership included (Slack's channel_not_found when it
    /// cannot).</summary>
    public async Task<SlackChannel> GetChannelAsync(string channel, CancellationToken ct)
    {
        RequireChannel(channel);
        var request = new ActionRequest(CredentialId) { QueryParameters = new JsonObject { ["channel"] = channel }, Idempotent = true };
        var answer = await CallAsync("conversations_info", request, channel, ct).ConfigureAwait(false);
        var item = JsonRead.Property(answer, "channel") is { ValueKind: System.Text.Json.JsonValueKind.Object } found ? found
            : throw new AlloyMalformedResponseException($"Slack's answer to conversations_info for channel {channel} has no " +
                "channel object.");
        return new SlackChannel
        {
            Id = JsonRead.String(item, "id") ?? channel,
            Name = JsonRead.String(item, "name") ?? string.Empty,
            IsPrivate = JsonRead.Bool(item, "is_private") ?? false,
            // Slack leaves is_member out for some conversation kinds (IMs); absent is not "not a member".
            IsMember = JsonRead.Bool(item, "is_member") ?? true,
            IsArchived = JsonRead.Bool(item, "is_archived") ?? false,
        };
    }
}
