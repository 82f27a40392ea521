using System.Text.RegularExpressions;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Setup;

/// <summary>Slack's channel list through Alloy (conversations_list), for set-up and tab completion.</summary>
public static class SlackChannels
{
    private static readonly Regex ChannelId = new Regex("^[CGD][A-Z0-9]{6,}$", RegexOptions.CultureInvariant);

    public static bool LooksLikeId(string text) => ChannelId.IsMatch(text);

    /// <summary>The channels the credential can see, archived ones left out; at most <paramref name="maxPages"/> pages.</summary>
    public static async Task<IReadOnlyList<SlackChannel>> ListAsync(AlloyClient client, string connectorId, string credentialId,
        CancellationToken ct, int maxPages = 200)
    {
        var slack = new SlackClient(client, credentialId, connectorId) { MaxPages = maxPages };
        return (await slack.ListChannelsAsync(ct).ConfigureAwait(false)).Where(c => !c.IsArchived).ToList();
    }

    /// <summary>Turns "#alerts", "alerts" or "C0123456789" into a channel id (ids are returned as they are).</summary>
    public static async Task<string> ResolveAsync(AlloyClient client, string connectorId, string credentialId, string nameOrId,
        CancellationToken ct)
    {
        var text = nameOrId.Trim();
        if (LooksLikeId(text)) return text;
        var name = text.TrimStart('#');
        var channels = await ListAsync(client, connectorId, credentialId, ct).ConfigureAwait(false);
        var match = channels.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        if (match != null) return match.Id;
        throw new OnboardingException("SlackChannelNotFound", OnboardingFailure.InvalidInput,
            $"Slack has no channel named '#{name}' that this connection can see ({channels.Count} channels listed).",
            "Pass the channel id (Slack: channel details → bottom of the About tab), or invite the app to the channel first.");
    }
}
