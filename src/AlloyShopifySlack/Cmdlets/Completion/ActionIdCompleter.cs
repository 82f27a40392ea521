namespace AlloyShopifySlack.Cmdlets.Completion;

/// <summary>
/// Completes -ActionId from the actions of the connector already typed as -ConnectorId (nothing until then).
/// Use: [ArgumentCompleter(typeof(ActionIdCompleter))].
/// </summary>
public sealed class ActionIdCompleter : CachedListCompleter
{
    private protected override CompletionList? ListFor(CompletionContext context)
    {
        var connectorId = context.BoundString("ConnectorId");
        if (string.IsNullOrEmpty(connectorId)) return null;
        var client = context.Connection.Client;
        return new CompletionList(context.Key("actions", connectorId), async ct =>
            (await client.ListActionsAsync(connectorId!, ct).ConfigureAwait(false))
                .Select(a => new CompletionItem(a.Id, a.Id, a.DisplayName ?? a.Description ?? a.Id)).ToList());
    }
}
