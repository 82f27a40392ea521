using System.Management.Automation;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Sync;

/// <summary>
/// Import-OrderSyncState: writes tenants' exported state (from Export-OrderSyncState, or snapshot files) into
/// the state folder or the PostgreSQL database: the move from one machine to several, and back. Takes each
/// tenant's lock; refuses to replace a tenant that already has state unless -Force.
/// </summary>
[Cmdlet(VerbsData.Import, "OrderSyncState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
    DefaultParameterSetName = ObjectSet)]
[OutputType(GetOrderSyncStateCommand.TypeName)]
public sealed class ImportOrderSyncStateCommand : OrderSyncStateCmdlet
{
    private const string ObjectSet = "Object";
    private const string FileSet = "File";

    /// <summary>The state to import, from Export-OrderSyncState (anything with a Json property in the snapshot format).</summary>
    [Parameter(ParameterSetName = ObjectSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Json { get; set; }

    /// <summary>Snapshot files to import ({tenant}--{shop}.ledger.json, as Export-OrderSyncState -Path writes them).</summary>
    [Parameter(ParameterSetName = FileSet, Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Replace a tenant's state that is already in the target (its alerts and checkpoint are lost).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>How long to wait for a sync of the same tenant to finish. Default 30.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int LockTimeoutSeconds { get; set; } = 30;

    protected override void ProcessRecord()
    {
        if (Json != null) Import(Json, "the piped state");
        foreach (var pattern in Path ?? Array.Empty<string>())
            foreach (var file in SessionState.Path.GetResolvedProviderPathFromPSPath(pattern, out _))
                Import(File.ReadAllText(file), file);
    }

    private void Import(string json, string source)
    {
        LedgerSnapshot snapshot;
        try
        {
            snapshot = LedgerSnapshot.FromJson(json);
        }
        catch (FormatException ex)
        {
            WriteError(ErrorRecords.Create("OrderSyncStateImportUnreadable", ErrorCategory.InvalidData,
                $"Cannot import {source}: {ex.Message}.", source, "Pass what Export-OrderSyncState wrote (its objects, or its " +
                    "-Path files)."));
            return;
        }
        var store = Store;
        if (!ShouldProcess($"{snapshot.Key} in {store.Location} ({snapshot.EntryCount} entries)",
            Force ? "Replace the sync state" : "Import the sync state")) return;
        try
        {
            Run(ct => store.ImportAsync(snapshot, Force, TimeSpan.FromSeconds(LockTimeoutSeconds), ct));
            using var ledger = Run(ct => store.OpenReadOnlyAsync(snapshot.Key, ct));
            WriteObject(TypedOutput.As(OrderSyncState.From(snapshot.Key, LocationOf(store, snapshot.Key), ledger),
                GetOrderSyncStateCommand.TypeName));
        }
        catch (SyncStateException ex)
        {
            WriteItemError(ex, snapshot.Key);
        }
    }
}
