namespace AlloyShopifySlack.Cmdlets.Completion;

/// <summary>Completes -ConnectorId from Alloy's connector list. Use: [ArgumentCompleter(typeof(ConnectorIdCompleter))].</summary>
public sealed class ConnectorIdCompleter : CachedListCompleter
{
    private protected override CompletionList? ListFor(CompletionContext context)
    {
        var client = context.Connection.Client;
        return new CompletionList(context.Key("connectors"), async ct =>
            (await client.ListConnectorsAsync(ct).ConfigureAwait(false))
                .Select(c => new CompletionItem(c.Id, c.Id, c.Name ?? c.Id)).ToList());
    }
}
