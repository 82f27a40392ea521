using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Completion;

/// <summary>
/// Completes -Channel with Slack channel ids, listed by name (conversations_list through Alloy), using the
/// command's -CredentialId or SLACK_CREDENTIAL_ID. Use: [ArgumentCompleter(typeof(SlackChannelCompleter))].
/// </summary>
public sealed class SlackChannelCompleter : CachedListCompleter
{
    private protected override CompletionList? ListFor(CompletionContext context)
    {
        var credentialId = context.BoundString("SlackCredentialId") ?? context.BoundString("CredentialId")
            ?? context.Settings.Get(SettingNames.SlackCredentialId);
        if (string.IsNullOrEmpty(credentialId)) return null;
        var connectorId = new ClientFactory(context.Connection.Client, context.Settings.Get).SlackConnectorId;
        var client = context.Connection.Client;
        return new CompletionList(context.Key("channels", credentialId), async ct =>
            (await SlackChannels.ListAsync(client, connectorId, credentialId!, ct, maxPages: 5).ConfigureAwait(false))
                .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                .Select(c => new CompletionItem(c.Id, "#" + c.Name, $"#{c.Name} " +
                    $"({c.Id}{(c.IsPrivate ? ", private" : string.Empty)})")).ToList());
    }
}
