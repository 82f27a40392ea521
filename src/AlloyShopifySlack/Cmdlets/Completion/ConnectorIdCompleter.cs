using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AlloyShopifySlack.Cmdlets.Completion;

/// <summary>Completes -ConnectorId from Alloy's connector list. Use: [ArgumentCompleter(typeof(ConnectorIdCompleter))].</summary>
public sealed class ConnectorIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var context = CompletionContext.Create(fakeBoundParameters);
        if (context == null) return Enumerable.Empty<CompletionResult>();
        var client = context.Connection.Client;
        var items = CompletionCache.Get(context.Key("connectors"), async ct =>
            (IReadOnlyList<CompletionItem>)(await client.ListConnectorsAsync(ct).ConfigureAwait(false))
                .Select(c => new CompletionItem(c.Id, c.Id, c.Name ?? c.Id)).ToList());
        return CompletionContext.Results(items, wordToComplete).ToList();
    }
}
