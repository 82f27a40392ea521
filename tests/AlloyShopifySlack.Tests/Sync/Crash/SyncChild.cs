using System.Diagnostics;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Sync;

namespace AlloyShopifySlack.Tests.Sync.Crash;

/// <summary>
/// Invoke-OrderSync in a child pwsh process (so that it can be SIGKILLed), importing the module just built next to
/// the tests and talking to an emulator in the test process. Settings travel as environment variables.
/// </summary>
public sealed class SyncChild : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _errors;

    private SyncChild(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _errors = process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    public static SyncChild Start(EmulatorServer emulator, string statePath, string arguments)
    {
        var module = typeof(OrderSyncEngine).Assembly.Location;
        var script = "$ErrorActionPreference = 'Stop'; " +
                     $"Import-Module '{module}'; " +
                     $"$r = Invoke-OrderSync -StatePath '{statePath}' -Quiet {arguments}; " +
                     "'RESULT ' + $r.MessagesSent + ' ' + $r.DuplicatesSkipped + ' ' + $r.Failed + ' ' + $r.Pending";
        var (host, prefix) = PowerShellLocator.Command();
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = PowerShellLocator.RepositoryRoot,
        };
        foreach (var argument in prefix) info.ArgumentList.Add(argument);
        foreach (var argument in new[] { "-NoProfile", "-NonInteractive", "-Command", script }) info.ArgumentList.Add(argument);
        var tenant = emulator.Tenant;
        info.Environment["ALLOY_BASE_URL"] = emulator.BaseUri.ToString();
        info.Environment["ALLOY_API_KEY"] = emulator.ApiKey;
        info.Environment["ALLOY_USER_ID"] = tenant.UserId;
        info.Environment["SHOPIFY_CREDENTIAL_ID"] = tenant.ShopifyCredentialId;
        info.Environment["SLACK_CREDENTIAL_ID"] = tenant.SlackCredentialId;
        info.Environment["SLACK_CHANNEL_ID"] = tenant.ChannelId;
        info.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        info.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        info.Environment["NO_COLOR"] = "1";
        return new SyncChild(Process.Start(info)!);
    }

    /// <summary>SIGKILL (Process.Kill on Unix): no finally blocks, no flush, no chance to tidy up.</summary>
    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // it had finished
    }

    public async Task<(int ExitCode, string Output, string Errors)> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The child sync did not finish within {timeout.TotalSeconds:0} s.");
        }
        return (_process.ExitCode, await _output, await _errors);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}

/// <summary>Finds pwsh: the PowerShell tool package restored by `dotnet tool restore`, run with `dotnet` directly (no SDK
/// start-up).</summary>
public static class PowerShellLocator
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AlloyShopifySlack.psd1"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (AlloyShopifySlack.psd1) was not found above " + AppContext.BaseDirectory);
    }

    public static (string Host, string[] Prefix) Command()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages)) packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".nuget", "packages");
        var flavour = OperatingSystem.IsWindows() ? "win" : "unix";
        var dll = Path.Combine(packages, "powershell", "7.6.9", "tools", "net10.0", "any", flavour, "pwsh.dll");
        // Without the restored package, `dotnet pwsh` from the repository (its tool manifest) does the same, a little slower.
        return File.Exists(dll) ? ("dotnet", new[] { dll }) : ("dotnet", new[] { "pwsh" });
    }
}
