using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AlloyShopifySlack.Tests.Infrastructure;

/// <summary>A runspace with the module's cmdlets loaded from the compiled assembly, for hosted cmdlet tests.</summary>
public sealed class PowerShellHost : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellHost(string? workingDirectory = null)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(AlloyShopifySlack.Cmdlets.ConnectAlloyCommand).Assembly.Location);
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        WorkingDirectory = workingDirectory ?? Directory.CreateTempSubdirectory("alloyps-").FullName;
        Invoke("Set-Location -LiteralPath $args[0]", WorkingDirectory);
    }

    public string WorkingDirectory { get; }

    /// <summary>Runs a script; returns its output and every stream's records.</summary>
    public HostedResult Invoke(string script, params object?[] arguments)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        foreach (var argument in arguments) shell.AddArgument(argument);
        // The output written before a terminating error is kept (a script that ends still showed what it did).
        using var written = new PSDataCollection<PSObject>();
        Exception? terminating = null;
        try
        {
            shell.Invoke(null, written);
        }
        catch (RuntimeException ex)
        {
            terminating = ex;
        }
        return new HostedResult(new Collection<PSObject>(written.ToList()), shell.Streams, terminating);
    }

    public void Dispose() => _runspace.Dispose();
}

public sealed class HostedResult
{
    public HostedResult(Collection<PSObject> output, PSDataStreams streams, Exception? terminating)
    {
        Output = output;
        Errors = streams.Error.ToList();
        Warnings = streams.Warning.Select(w => w.Message).ToList();
        Verbose = streams.Verbose.Select(v => v.Message).ToList();
        Debug = streams.Debug.Select(d => d.Message).ToList();
        Information = streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty).ToList();
        Terminating = terminating;
    }

    public Collection<PSObject> Output { get; }
    public List<ErrorRecord> Errors { get; }
    public List<string> Warnings { get; }
    public List<string> Verbose { get; }
    public List<string> Debug { get; }
    public List<string> Information { get; }
    public Exception? Terminating { get; }
    /// <summary>The error record of the terminating error, if the script was stopped by one.</summary>
    public ErrorRecord? TerminatingError => (Terminating as IContainsErrorRecord)?.ErrorRecord;

    /// <summary>Every text the user could see, from every stream, for "the secret never appears" checks.</summary>
    public string AllText()
    {
        var parts = new List<string>();
        parts.AddRange(Output.Select(o => o?.ToString() ?? string.Empty));
        foreach (var o in Output.Where(o => o != null))
            parts.AddRange(o.Properties.Select(p => { try { return p.Value?.ToString()
                ?? string.Empty; } catch { return string.Empty; } }));
        parts.AddRange(Errors.Select(e => e.ToString() + " " + e.Exception + " " + e.ErrorDetails?.Message + " "
            + e.ErrorDetails?.RecommendedAction + " " + e.TargetObject));
        parts.AddRange(Warnings);
        parts.AddRange(Verbose);
        parts.AddRange(Debug);
        parts.AddRange(Information);
        if (Terminating != null) parts.Add(Terminating.ToString());
        return string.Join("\n", parts);
    }
}
