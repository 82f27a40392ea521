using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;

namespace AlloyShopifySlack.Cmdlets.Alloy;

/// <summary>Get-AlloyConnector: the connectors (integrations) the Alloy account offers.</summary>
[Cmdlet(VerbsCommon.Get, "AlloyConnector")]
[OutputType(typeof(AlloyConnector))]
public sealed class GetAlloyConnectorCommand : AlloyCmdlet
{
    /// <summary>Only the connectors whose id matches (wildcards allowed), for example shop*.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.ConnectorIdCompleter))]
    public string? ConnectorId { get; set; }

    protected override void ProcessRecord()
    {
        var client = ResolveConnection().Client;
        try
        {
            var connectors = Run(ct => client.ListConnectorsAsync(ct));
            var pattern = ConnectorId == null ? null : new WildcardPattern(ConnectorId, WildcardOptions.IgnoreCase);
            var matches = connectors.Where(c => pattern == null || pattern.IsMatch(c.Id)).ToList();
            foreach (var connector in matches) WriteObject(TypedOutput.As(connector, TypedOutput.AlloyConnector));
            if (matches.Count == 0 && ConnectorId != null && !WildcardPattern.ContainsWildcardCharacters(ConnectorId))
            {
                WriteError(ErrorRecords.Create("AlloyConnectorNotFound", ErrorCategory.ObjectNotFound,
                    $"Alloy has no connector '{ConnectorId}'. Its " +
                        $"connectors: {string.Join(", ", connectors.Select(c => c.Id))}.", ConnectorId));
            }
        }
        catch (AlloyException ex)
        {
            WriteItemError(ex, ConnectorId);
        }
    }
}
