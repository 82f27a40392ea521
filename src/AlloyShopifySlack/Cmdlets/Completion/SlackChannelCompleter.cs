using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Completion;

/// <summary>
/// Completes -Channel with Slack channel ids, listed by name (conversations_list through Alloy), using the
/// command's -CredentialId or SLACK_CREDENTIAL_ID. Use: [ArgumentCompleter(typeof(SlackChannelCompleter))].
/// </summary>
public sealed class SlackChannelCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var context = CompletionContext.Create(fakeBoundParameters);
        if (context == null) return Enumerable.Empty<CompletionResult>();
        var credentialId = context.BoundString("SlackCredentialId") ?? context.BoundString("CredentialId")
            ?? context.Settings.Get(SettingNames.SlackCredentialId);
        var connectorId = new ClientFactory(context.Connection.Client, context.Settings.Get).SlackConnectorId;
        if (string.IsNullOrEmpty(credentialId)) return Enumerable.Empty<CompletionResult>();
        var client = context.Connection.Client;
        var items = CompletionCache.Get(context.Key("channels", credentialId), async ct =>
            (IReadOnlyList<CompletionItem>)(await SlackChannels.ListAsync(client, connectorId, credentialId!, ct, maxPages: 5)
                .ConfigureAwait(false))
                .OrderBy(c => c.Name, System.StringComparer.OrdinalIgnoreCase)
                .Select(c => new CompletionItem(c.Id, "#" + c.Name, $"#{c.Name} " +
                    $"({c.Id}{(c.IsPrivate ? ", private" : string.Empty)})")).ToList());
        return CompletionContext.Results(items, wordToComplete).ToList();
    }
}
