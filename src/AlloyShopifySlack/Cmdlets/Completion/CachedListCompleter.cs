using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AlloyShopifySlack.Cmdlets.Completion;

/// <summary>
/// The shape every completer here shares: find the connection of the line being typed, look the list up in
/// <see cref="CompletionCache"/> (fetching it through Alloy when it is missing or old) and filter it by what was typed.
/// A completer only says which list it wants.
/// </summary>
public abstract class CachedListCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var context = CompletionContext.Create(fakeBoundParameters);
        var list = context == null ? null : ListFor(context);
        if (list == null) return Enumerable.Empty<CompletionResult>();
        return CompletionContext.Results(CompletionCache.Get(list.Key, list.Fetch), wordToComplete).ToList();
    }

    /// <summary>The list to offer, or null when the line does not say enough yet (nothing is offered then).</summary>
    private protected abstract CompletionList? ListFor(CompletionContext context);
}

/// <summary>A list for tab completion: its cache key (<see cref="CompletionContext.Key"/>) and how to fetch it.</summary>
internal sealed record CompletionList(string Key, Func<CancellationToken, Task<IReadOnlyList<CompletionItem>>> Fetch);
