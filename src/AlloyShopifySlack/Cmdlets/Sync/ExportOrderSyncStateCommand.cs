using System.Management.Automation;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Sync;

/// <summary>
/// Export-OrderSyncState: a tenant's whole sync state (or every tenant's, -All) from the state folder or the
/// PostgreSQL database, as objects that Import-OrderSyncState takes, or as snapshot files in a folder
/// (-Path; such a folder is itself a state folder). Reads without the lock and changes nothing.
/// </summary>
[Cmdlet(VerbsData.Export, "OrderSyncState", DefaultParameterSetName = CurrentSet)]
[OutputType(TypeName)]
public sealed class ExportOrderSyncStateCommand : OrderSyncStateReaderCmdlet
{
    public const string TypeName = "AlloyShopifySlack.OrderSyncStateExport";

    /// <summary>Also write each tenant's snapshot into this folder ({tenant}--{shop}.ledger.json, the file store's own format).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    protected override void ProcessRecord()
    {
        var store = Store;
        if (All)
        {
            foreach (var key in Run(store.ListAsync)) Export(store, key);
            return;
        }
        var tenant = TenantKey(UserId, ShopifyCredentialId);
        if (tenant != null) Export(store, tenant);
    }

    private void Export(IOrderLedgerStore store, LedgerKey key)
    {
        LedgerSnapshot snapshot;
        try
        {
            using var ledger = Run(ct => store.OpenReadOnlyAsync(key, ct));
            if (ledger == null)
            {
                WriteError(ErrorRecords.Create("OrderSyncStateNotFound", ErrorCategory.ObjectNotFound,
                    $"{store.Location} has no sync state for {key}.", key, "Check -UserId and -ShopifyCredentialId, or list what is " +
                        "there with Get-OrderSyncState -All."));
                return;
            }
            snapshot = LedgerSnapshot.Of(key, ledger);
        }
        catch (SyncStateException ex)
        {
            WriteItemError(ex, key);
            return;
        }
        var export = new OrderSyncStateExport(snapshot, LocationOf(store, key));
        if (Path != null)
        {
            var folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            Directory.CreateDirectory(folder);
            var file = new LedgerPaths(folder, key.Tenant, key.Shop).Snapshot;
            File.WriteAllText(file, export.Json, new UTF8Encoding(false));
            export.File = file;
        }
        WriteObject(TypedOutput.As(export, TypeName));
    }
}

/// <summary>One tenant's exported state. Type name AlloyShopifySlack.OrderSyncStateExport.</summary>
public sealed class OrderSyncStateExport
{
    internal OrderSyncStateExport(LedgerSnapshot snapshot, string source)
    {
        Tenant = snapshot.Key.Tenant;
        Shop = snapshot.Key.Shop;
        Checkpoint = snapshot.Checkpoint?.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
        Entries = snapshot.EntryCount;
        Facts = snapshot.FactCount;
        Source = source;
        Json = snapshot.ToJson();
    }

    public string Tenant { get; }
    public string Shop { get; }
    public string? Checkpoint { get; }
    public int Entries { get; }
    public int Facts { get; }
    /// <summary>Where it was read from (a snapshot file, or the database without its password).</summary>
    public string Source { get; }
    /// <summary>The file written with -Path.</summary>
    public string? File { get; internal set; }
    /// <summary>The state itself, in the file store's snapshot format (AlloyShopifySlack.OrderLedger/1).</summary>
    public string Json { get; }

    public override string ToString() => $"{Tenant}/{Shop}: {Entries} entries";
}
