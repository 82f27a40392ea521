using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using AlloyShopifySlack.Cmdlets.Infrastructure;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>
/// Read-Host-style questions through the cmdlet's host, or, with -NonInteractive (or a host that cannot ask),
/// one clear error naming the parameter to pass instead.
/// </summary>
internal sealed class SetupPrompter
{
    private readonly PSCmdlet _cmdlet;
    private readonly bool _nonInteractive;

    public SetupPrompter(PSCmdlet cmdlet, bool nonInteractive)
    {
        _cmdlet = cmdlet;
        _nonInteractive = nonInteractive;
    }

    /// <summary>Asks for a value; Enter keeps <paramref name="current"/>. Required answers are asked again when empty.</summary>
    public string Ask(string question, string? current, string parameterName, bool required = true)
    {
        if (_nonInteractive)
        {
            if (!string.IsNullOrEmpty(current) || !required) return current ?? string.Empty;
            throw Missing(parameterName);
        }
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var answer = Read(() =>
            {
                _cmdlet.Host.UI.Write(string.IsNullOrEmpty(current) ? $"{question}: " : $"{question} [{current}]: ");
                return _cmdlet.Host.UI.ReadLine();
            }, parameterName)?.Trim();
            if (!string.IsNullOrEmpty(answer)) return answer!;
            if (!string.IsNullOrEmpty(current) || !required) return current ?? string.Empty;
        }
        throw Missing(parameterName);
    }

    /// <summary>Asks for a secret without echoing it.</summary>
    public SecureString AskSecret(string question, string parameterName)
    {
        if (_nonInteractive) throw Missing(parameterName);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var answer = Read(() =>
            {
                _cmdlet.Host.UI.Write($"{question}: ");
                return _cmdlet.Host.UI.ReadLineAsSecureString();
            }, parameterName);
            if (answer != null && answer.Length > 0) return answer;
        }
        throw Missing(parameterName);
    }

    private T Read<T>(Func<T> read, string parameterName)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is PSNotImplementedException || ex is HostException || ex is NotImplementedException
            || ex is PSInvalidOperationException)
        {
            throw Missing(parameterName, "this PowerShell host cannot ask questions");
        }
    }

    private SetupInputMissingException Missing(string parameterName, string? why = null) =>
        new SetupInputMissingException(ErrorRecords.Create("InitializeInputMissing", ErrorCategory.InvalidArgument,
            $"Initialize-AlloyShopifySlack needs -{parameterName}" + (why != null
                ? $" ({why})" : _nonInteractive ? " (with -NonInteractive nothing is asked)" : string.Empty) + ".",
            parameterName, $"Pass -{parameterName}, or run without -NonInteractive in an interactive session to be asked."));
}

/// <summary>Carries the "input missing" error record up to the cmdlet, which stops with it.</summary>
internal sealed class SetupInputMissingException : Exception
{
    public SetupInputMissingException(ErrorRecord record) : base(record.Exception.Message) { Record = record; }
    public ErrorRecord Record { get; }
}
