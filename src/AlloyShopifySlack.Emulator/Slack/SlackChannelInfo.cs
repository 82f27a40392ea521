using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Slack;

public sealed partial class SlackWorkspace
{
    /// <summary>
    /// conversations.info: the channel with the app's membership. As in Slack, a private channel the app is not in
    /// is not visible to it (channel_not_found); a public one is, with is_member false.
    /// </summary>
    public ProviderAnswer Info(JsonObject query)
    {
        var channel = FindChannel(Str(query["channel"]));
        if (channel == null || (channel.IsPrivate && !channel.IsMember)) return Fail("channel_not_found");
        return ProviderAnswer.Ok(new JsonObject
        {
            ["ok"] = true,
            ["channel"] = new JsonObject
            {
                ["id"] = channel.Id,
                ["name"] = channel.Name,
                ["is_channel"] = !channel.IsPrivate,
                ["is_group"] = false,
                ["is_im"] = false,
                ["is_private"] = channel.IsPrivate,
                ["is_archived"] = channel.IsArchived,
                ["is_member"] = channel.IsMember,
                ["is_general"] = false,
            },
        });
    }
}
