using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AlloyShopifySlack.Cmdlets.Completion;

/// <summary>
/// Completes -ActionId from the actions of the connector already typed as -ConnectorId (nothing until then).
/// Use: [ArgumentCompleter(typeof(ActionIdCompleter))].
/// </summary>
public sealed class ActionIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var context = CompletionContext.Create(fakeBoundParameters);
        var connectorId = context?.BoundString("ConnectorId");
        if (context == null || string.IsNullOrEmpty(connectorId)) return Enumerable.Empty<CompletionResult>();
        var client = context.Connection.Client;
        var items = CompletionCache.Get(context.Key("actions", connectorId), async ct =>
            (IReadOnlyList<CompletionItem>)(await client.ListActionsAsync(connectorId!, ct).ConfigureAwait(false))
                .Select(a => new CompletionItem(a.Id, a.Id, a.DisplayName ?? a.Description ?? a.Id)).ToList());
        return CompletionContext.Results(items, wordToComplete).ToList();
    }
}
