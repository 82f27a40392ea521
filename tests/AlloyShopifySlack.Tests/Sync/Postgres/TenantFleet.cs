using System.Diagnostics;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Shopify;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Tests.Sync.Crash;

namespace AlloyShopifySlack.Tests.Sync.Postgres;

/// <summary>
/// Many emulator tenants, each an Alloy user with its own credentials and its own channel, listed in a CSV file
/// (UserId, ShopifyCredentialId, SlackCredentialId, Channel) for `Import-Csv | Invoke-OrderSync`. They share the
/// emulator's one store, so every qualifying order is due once in every tenant's channel: the census counts
/// messages per (channel, order).
/// </summary>
public sealed class TenantFleet
{
    private readonly EmulatorServer _emulator;
    private readonly HashSet<string> _qualifying = new();

    public TenantFleet(EmulatorServer emulator, int tenants, string folder)
    {
        _emulator = emulator;
        Csv = Path.Combine(folder, "tenants.csv");
        var lines = new List<string> { "UserId,ShopifyCredentialId,SlackCredentialId,Channel" };
        for (var i = 0; i < tenants; i++)
        {
            var tenant = emulator.State.AddTenant($"merchant-{i:000}-{Guid.NewGuid().ToString("N")[..6]}");
            var channel = $"C0T{i:00000}X";
            emulator.State.Slack.AddChannel(channel, "alerts-" + i);
            Channels.Add(channel);
            Tenants.Add(tenant.UserId);
            lines.Add($"{tenant.UserId},{tenant.ShopifyCredentialId},{tenant.SlackCredentialId},{channel}");
        }
        File.WriteAllLines(Csv, lines);
    }

    public string Csv { get; }
    public List<string> Tenants { get; } = new();
    public List<string> Channels { get; } = new();
    public int Expected => _qualifying.Count * Channels.Count;

    /// <summary>Orders created a minute ago, neither test nor cancelled; those at 500 or more are due in every channel.</summary>
    public void AddOrders(int count, decimal total)
    {
        var overrides = new OrderOverrides { Total = total, Test = false, Cancelled = false };
        foreach (var order in _emulator.State.Shopify.AddGenerated(count, DateTimeOffset.UtcNow.AddMinutes(-1), overrides: overrides))
            if (total >= 500m) _qualifying.Add(order.Id);
    }

    public int Messages => _emulator.State.Slack.AllMessages().Count(m => Channels.Contains(m.Channel));

    /// <summary>"ok", or what is missing, doubled or stray, per (channel, order).</summary>
    public string Verdict()
    {
        var counts = new Dictionary<string, int>();
        foreach (var message in _emulator.State.Slack.AllMessages().Where(m => Channels.Contains(m.Channel)))
        {
            var id = (message.Metadata?["event_payload"] as JsonObject)?["order_id"]?.GetValue<string>() ?? "(no metadata)";
            counts[message.Channel + "/" + id] = counts.GetValueOrDefault(message.Channel + "/" + id) + 1;
        }
        var expected = Channels.SelectMany(c => _qualifying.Select(o => c + "/" + o)).ToHashSet();
        var missing = expected.Where(k => !counts.ContainsKey(k)).ToList();
        var doubled = counts.Where(c => c.Value > 1).Select(c => $"{c.Key}×{c.Value}").ToList();
        var stray = counts.Keys.Where(k => !expected.Contains(k)).ToList();
        return missing.Count == 0 && doubled.Count == 0 && stray.Count == 0 ? "ok"
            : $"missing {missing.Count} [{string.Join(", ", missing.Take(3))}], doubled {doubled.Count} " +
                $"[{string.Join(", ", doubled.Take(3))}], stray {stray.Count} [{string.Join(", ", stray.Take(3))}]";
    }

    public int Doubled() => _emulator.State.Slack.AllMessages().Where(m => Channels.Contains(m.Channel))
        .GroupBy(m => m.Channel + "/" + (m.Metadata?["event_payload"] as JsonObject)?["order_id"]?.GetValue<string>()).Count(
            g => g.Count() > 1);
}

/// <summary>
/// One runner: Invoke-OrderSync over the fleet's CSV in a child pwsh, the state in PostgreSQL through
/// ALLOY_STATE_CONNECTION. Once the module is imported it says so (a "ready" file) and waits for a start file, so
/// that two runners begin at the same moment; it prints
/// "TENANT id status sent" per tenant as results stream out, then "EXIT ok" or "EXIT failed message".
/// </summary>
public sealed class FleetRunner : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _errors;

    private FleetRunner(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _errors = process.StandardError.ReadToEndAsync();
    }

    public bool HasExited => _process.HasExited;

    public static FleetRunner Start(EmulatorServer emulator, string connectionString, string csv, string startFile, string extra = "")
    {
        var module = typeof(OrderSyncEngine).Assembly.Location;
        var script = "$ErrorActionPreference = 'Stop'; " +
                     $"Import-Module '{module}'; " +
                     $"New-Item -ItemType File -Path ('{startFile}.ready-' + $PID) | Out-Null; " +
                     $"while (-not (Test-Path '{startFile}')) {{ Start-Sleep -Milliseconds 5 }}; " +
                     "try { Import-Csv $env:FLEET_CSV | Invoke-OrderSync -Quiet -NoDigest -ChannelRate 200 -ThrottleLimit 4 " + extra +
                     " | ForEach-Object { if ($_.PSObject.TypeNames[0] -eq 'AlloyShopifySlack.OrderSyncResult') { 'TENANT ' + $_.Tenant " +
                         "+ ' ' + $_.Status + ' ' + $_.MessagesSent } }; 'EXIT ok' } " +
                     "catch { 'EXIT failed ' + $_.Exception.Message; exit 1 }";
        var (host, prefix) = PowerShellLocator.Command();
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = PowerShellLocator.RepositoryRoot };
        foreach (var argument in prefix) info.ArgumentList.Add(argument);
        foreach (var argument in new[] { "-NoProfile", "-NonInteractive", "-Command", script }) info.ArgumentList.Add(argument);
        info.Environment["ALLOY_BASE_URL"] = emulator.BaseUri.ToString();
        info.Environment["ALLOY_API_KEY"] = emulator.ApiKey;
        info.Environment["ALLOY_STATE_CONNECTION"] = connectionString;
        info.Environment["FLEET_CSV"] = csv;
        info.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        info.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        info.Environment["NO_COLOR"] = "1";
        return new FleetRunner(Process.Start(info)!);
    }

    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
    }

    public async Task<RunnerOutcome> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The runner did not finish within {timeout.TotalSeconds:0} s.");
        }
        return new RunnerOutcome(_process.ExitCode, await _output, await _errors);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}

public sealed record RunnerOutcome(int ExitCode, string Output, string Errors)
{
    /// <summary>Tenant → (status, messages sent), from the TENANT lines.</summary>
    public Dictionary<string, (string Status, int Sent)> Tenants => Output.Split('\n')
        .Where(l => l.StartsWith("TENANT ", StringComparison.Ordinal)).Select(l => l.Trim().Split(' '))
        .GroupBy(p => p[1]).ToDictionary(g => g.Key, g => (g.Last()[2], int.Parse(g.Last()[3]))); // a continuous runner: its last round

    public bool Succeeded => ExitCode == 0 && Output.Contains("EXIT ok");
    private string? ExitLine => Output.Split('\n').LastOrDefault(l => l.StartsWith("EXIT", StringComparison.Ordinal))?.Trim();

    public override string ToString() => $"exit {ExitCode}: {ExitLine} {Errors}".Trim();
}
