using System.Diagnostics;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Tests.Alloy;
using AlloyShopifySlack.Tests.Infrastructure;
using AlloyShopifySlack.Tests.Sync.Crash;

namespace AlloyShopifySlack.Tests.Sync.Postgres;

/// <summary>The cmdlets on the PostgreSQL store: many tenants from a CSV file, moving state between the stores, and no driver loaded
/// without it.</summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class PostgresCmdletTests : IAsyncLifetime
{
    private EmulatorServer _emulator = null!;
    private PowerShellHost _host = null!;
    private PostgresServer _server = null!;
    private string _connection = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OrderCount = 0, SlackRateLimit = false,
            ShopifyThrottling = false });
        _host = new PowerShellHost();
        _server = await PostgresServer.Shared;
        _connection = await _server.CreateDatabaseAsync();
        _host.Invoke("$global:c = Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -NoSession", _emulator.ApiKey, _emulator.BaseUri);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public void Tenants_from_a_csv_file_run_side_by_side_and_one_failing_tenant_stops_none_of_the_others()
    {
        var fleet = new TenantFleet(_emulator, 4, _host.WorkingDirectory);
        File.AppendAllLines(fleet.Csv, new[] { $"{fleet.Tenants[0]},no-such-credential,{_emulator.Tenant.SlackCredentialId},C0BROKEN01" });
        fleet.AddOrders(2, 800m);
        fleet.AddOrders(1, 20m);
        var run = _host.Invoke("Import-Csv $args[0] | Invoke-OrderSync -Connection $c -StateConnectionString $args[1] -ThrottleLimit 2 " +
            "-ChannelRate 500 -Quiet",
            fleet.Csv, _connection);

        var results = run.Output.Where(o => o.TypeNames[0] == "AlloyShopifySlack.OrderSyncResult").ToList();
        Assert.Equal(5, results.Count);
        Assert.Equal(4, results.Count(r => (OrderSyncStatus)r.Properties["Status"].Value == OrderSyncStatus.Synced
            && (int)r.Properties["MessagesSent"].Value == 2));
        var failed = results.Single(r => (OrderSyncStatus)r.Properties["Status"].Value == OrderSyncStatus.Failed);
        Assert.Equal("no-such-credential", failed.Properties["Shop"].Value);
        var summary = run.Output.Single(o => o.TypeNames[0] == "AlloyShopifySlack.OrderSyncSummary");
        Assert.Equal((5, 4, 1, 8), ((int)summary.Properties["Tenants"].Value, (int)summary.Properties["Synced"].Value,
            (int)summary.Properties["Failed"].Value, (int)summary.Properties["MessagesSent"].Value));
        // The exit contract: after every tenant, the script ends in one error naming the failed one.
        Assert.Empty(run.Errors);
        var error = run.TerminatingError!;
        Assert.StartsWith("OrderSyncTenantsFailed", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("no-such-credential", error.Exception.Message);
        Assert.Contains("1 of 5 tenant(s)", error.Exception.Message);
        Assert.Equal("ok", fleet.Verdict());
        SecretAssert.Absent(run.AllText(), _server.Password);
    }

    [Fact]
    public void State_moves_from_a_folder_to_PostgreSQL_and_back_whole()
    {
        var fleet = new TenantFleet(_emulator, 2, _host.WorkingDirectory);
        fleet.AddOrders(3, 900m);
        var folder = Path.Combine(_host.WorkingDirectory, "state");
        var first = _host.Invoke("Import-Csv $args[0] | Invoke-OrderSync -Connection $c -StatePath $args[1] -ChannelRate 500 -Quiet",
            fleet.Csv, folder);
        Assert.Null(first.Terminating);

        // To the database, the password as a SecureString, then a run there finds everything done.
        var moved = _host.Invoke("$pw = ConvertTo-SecureString $args[2] -AsPlainText -Force; " +
            "Export-OrderSyncState -All -StatePath $args[0] | Import-OrderSyncState -StateConnectionString $args[1] -StateCredential $pw",
            folder, _server.ConnectionString(_connection.Split("Database=")[1].Split(';')[0], withPassword: false), _server.Password);
        Assert.Empty(moved.Errors);
        Assert.Equal(new object[] { 3, 3 }, moved.Output.Select(o => o.Properties["Sent"].Value));
        var exported = _host.Invoke("Export-OrderSyncState -All -StateConnectionString $args[0]", _connection);
        // Side by side, each tenant learned its Slack workspace once (auth.test), kept as a fact that moves with the state.
        Assert.All(exported.Output, o => Assert.Contains("\"slack.teamId\":\"T0EMULATOR\"", (string)o.Properties["Json"].Value));
        var again = _host.Invoke("Import-Csv $args[0] | Invoke-OrderSync -Connection $c -StateConnectionString $args[1] -ChannelRate 500 " +
            "-Quiet", fleet.Csv, _connection);
        Assert.Null(again.Terminating);
        Assert.All(again.Output.Where(o => o.TypeNames[0] == "AlloyShopifySlack.OrderSyncResult"),
            r => Assert.Equal(0, r.Properties["MessagesSent"].Value));
        var refused = _host.Invoke("Export-OrderSyncState -All -StatePath $args[0] | Import-OrderSyncState -StateConnectionString $args[1]",
            folder, _connection);
        Assert.All(refused.Errors, e => Assert.StartsWith("OrderSyncStateExists", e.FullyQualifiedErrorId, StringComparison.Ordinal));
        Assert.Equal(2, refused.Errors.Count);

        // And back into another folder, through snapshot files.
        var files = Path.Combine(_host.WorkingDirectory, "exported");
        var back = _host.Invoke("Export-OrderSyncState -All -StateConnectionString $args[0] -Path $args[1] | Out-Null; " +
            "Import-OrderSyncState -Path (Join-Path $args[1] '*.ledger.json') -StatePath $args[2]; Get-OrderSyncState -All " +
                "-StatePath $args[2]",
            _connection, files, Path.Combine(_host.WorkingDirectory, "state2"));
        Assert.Empty(back.Errors);
        Assert.Equal(4, back.Output.Count);
        Assert.All(back.Output, o => Assert.Equal(3, o.Properties["Sent"].Value));
        var fromDatabase = _host.Invoke("Get-OrderSyncState -All -StateConnectionString $args[0]", _connection);
        Assert.Equal(2, fromDatabase.Output.Count);
        SecretAssert.Absent(moved.AllText() + back.AllText() + fromDatabase.AllText(), _server.Password);
    }

    [Fact]
    public void A_piped_object_without_a_user_binds_and_falls_back_to_the_connections_user()
    {
        var fleet = new TenantFleet(_emulator, 1, _host.WorkingDirectory);
        fleet.AddOrders(1, 700m);
        var row = File.ReadAllLines(fleet.Csv)[1].Split(',');
        var run = _host.Invoke("$u = Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2] -NoSession; " +
            "[pscustomobject]@{ UserId = $null; ShopifyCredentialId = $args[3]; SlackCredentialId = $args[4]; Channel = $args[5] } | " +
            "Invoke-OrderSync -Connection $u -StatePath $args[6] -ChannelRate 500 -Quiet",
            _emulator.ApiKey, _emulator.BaseUri, row[0], row[1], row[2], row[3], Path.Combine(_host.WorkingDirectory, "nouser"));
        Assert.Empty(run.Errors);
        Assert.Equal(1, run.Output.Single().Properties["MessagesSent"].Value);
        Assert.Equal("ok", fleet.Verdict());
    }

    [Fact]
    public async Task Without_a_connection_string_the_PostgreSQL_driver_is_never_loaded()
    {
        var module = typeof(OrderSyncEngine).Assembly.Location;
        var folder = Path.Combine(_host.WorkingDirectory, "lazy");
        var script = $"Import-Module '{module}'; $null = Get-OrderSyncState -All -StatePath '{folder}'; $null = Export-OrderSyncState " +
            $"-All -StatePath '{folder}'; " +
                     "'FILE ' + [bool]([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Npgsql' }); " +
                     $"$null = Get-OrderSyncState -All -StateConnectionString '{_connection}'; " +
                     "'DATABASE ' + [bool]([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Npgsql' })";
        var (host, prefix) = PowerShellLocator.Command();
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in prefix.Concat(new[] { "-NoProfile", "-NonInteractive", "-Command",
            script })) info.ArgumentList.Add(argument);
        using var child = Process.Start(info)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        var errors = await child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        Assert.True(output.Contains("FILE False") && output.Contains("DATABASE True"), output + errors);
    }
}

public sealed class ChannelPacingTests
{
    [Fact]
    public async Task The_channels_of_one_workspace_are_served_a_few_at_a_time_over_all_its_tenants()
    {
        var pacing = new ChannelPacing();
        var held = new List<IDisposable?>();
        for (var i = 0; i < ChannelPacing.ChannelsAtOncePerWorkspace; i++) held.Add(
            await pacing.EnterWorkspaceAsync("T1", CancellationToken.None));
        var waiting = pacing.EnterWorkspaceAsync("T1", CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        Assert.NotNull(await pacing.EnterWorkspaceAsync("T2", CancellationToken.None)); // another workspace is not held up
        Assert.Null(await pacing.EnterWorkspaceAsync(null, CancellationToken.None));      // nor one that is unknown
        held[0]!.Dispose();
        held[0]!.Dispose(); // letting go twice frees one lane, not two
        (await waiting)!.Dispose();
        Assert.Equal(1, pacing.FreeLanes("T1"));
    }
}

public sealed class SharedLogFileTests
{
    [Fact]
    public async Task Tenants_side_by_side_appending_to_one_log_file_lose_no_line()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("alloyps-log-").FullName, "sync.jsonl");
        var logs = Enumerable.Range(0, 8).Select(i => new JsonLinesSyncLog(path, "tenant" + i, "shop")).ToList();
        await Task.WhenAll(logs.Select(log => Task.Run(() =>
        {
            for (var n = 0; n < 50; n++) log.OnRunFailed(DateTimeOffset.UtcNow, "Test", "line " + n);
        })));
        foreach (var log in logs) log.Dispose();
        var lines = File.ReadAllLines(path);
        Assert.Equal(400, lines.Length);
        Assert.All(lines, line => System.Text.Json.JsonDocument.Parse(line).Dispose());
    }
}
