using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
using System.Text.RegularExpressions;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Tests.Infrastructure;

namespace AlloyShopifySlack.Tests.Setup;

/// <summary>Plays the user's browser with a plain HTTP client: opens the consent URL, answers Allow or Deny, follows the
/// redirect.</summary>
public static class ConsentVisitor
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = true, UseCookies = false }) { Timeout =
        TimeSpan.FromSeconds(60) };
    private static readonly Regex UrlInText = new(@"https?://\S+", RegexOptions.CultureInvariant);

    public static Uri? FindUrl(string text) => UrlInText.Match(text) is { Success: true } m ? new Uri(m.Value) : null;

    /// <summary>Returns the page the loopback listener answered with.</summary>
    public static async Task<string> VisitAsync(Uri consentUrl, string decision = "allow")
    {
        var page = await Http.GetStringAsync(consentUrl);
        var state = Regex.Match(page, "name=\"state\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = WebUtility.HtmlDecode(state),
            ["decision"] = decision });
        var answer = await Http.PostAsync(new Uri(consentUrl, "/_emulator/oauth/authorize"), form);
        return await answer.Content.ReadAsStringAsync();
    }
}

/// <summary>
/// A runspace with the module, connected to an emulator, that runs a script while a "user" answers each consent URL
/// the script prints (as a warning, which is how -NoBrowser shows it to scripts).
/// </summary>
public sealed class SetupRunspace : IDisposable
{
    private readonly Runspace _runspace;

    public SetupRunspace(EmulatorServer emulator, string? workingDirectory = null, bool connect = true,
        System.Management.Automation.Host.PSHost? host = null)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(AlloyShopifySlack.Cmdlets.ConnectAlloyCommand).Assembly.Location);
        _runspace = host == null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
        _runspace.Open();
        WorkingDirectory = workingDirectory ?? Directory.CreateTempSubdirectory("alloyps-setup-").FullName;
        Invoke("Set-Location -LiteralPath $args[0]", null, WorkingDirectory);
        if (connect) Invoke("Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2]", null, emulator.ApiKey, emulator.BaseUri,
            emulator.Tenant.UserId);
    }

    public string WorkingDirectory { get; }
    public List<string> VisitedPages { get; } = new();
    /// <summary>How the last script ended (Completed, Failed, Stopped).</summary>
    public PSInvocationState LastState { get; private set; }

    /// <summary>Runs <paramref name="script"/>; for every URL in a warning, <paramref name="decision"/> is given on its consent page (null:
    /// nobody answers).</summary>
    public HostedResult Invoke(string script, string? decision, params object?[] arguments) =>
        Run(script, decision == null ? null : url => ConsentVisitor.VisitAsync(url, decision), null, arguments);

    /// <summary>Runs a script; every consent URL it prints is handed to <paramref name="browser"/>, which returns the final page.</summary>
    public HostedResult InvokeWithBrowser(string script, Func<Uri, Task<string>> browser, params object?[] arguments) =>
        Run(script, browser, null, arguments);

    /// <summary>Runs a script and stops it (as Ctrl+C does) once the consent URL has been shown.</summary>
    public HostedResult InvokeAndStopWhenWaiting(string script, params object?[] arguments) =>
        Run(script, null, shell => shell.BeginStop(null, null), arguments);

    private HostedResult Run(string script, Func<Uri, Task<string>>? browser, Action<PowerShell>? onUrl, object?[] arguments)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        foreach (var argument in arguments) shell.AddArgument(argument);
        var visits = new ConcurrentBag<Task>();
        shell.Streams.Warning.DataAdded += (_, e) =>
        {
            var url = ConsentVisitor.FindUrl(shell.Streams.Warning[e.Index].Message);
            if (url == null) return;
            if (onUrl != null) onUrl(shell);
            else if (browser != null) visits.Add(Task.Run(async () => { var page =
                await browser(url); lock (VisitedPages) VisitedPages.Add(page); }));
        };
        var output = new System.Collections.ObjectModel.Collection<PSObject>();
        Exception? terminating = null;
        try { output = shell.Invoke(); }
        catch (RuntimeException ex) { terminating = ex; }
        LastState = shell.InvocationStateInfo.State;
        Task.WaitAll(visits.ToArray(), TimeSpan.FromSeconds(60));
        return new HostedResult(output, shell.Streams, terminating);
    }

    public void Dispose() => _runspace.Dispose();
}
