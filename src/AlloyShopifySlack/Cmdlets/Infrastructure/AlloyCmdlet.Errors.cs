using System.Management.Automation;

namespace AlloyShopifySlack.Cmdlets.Infrastructure;

/// <summary>How a cmdlet reports failures, and -WhatIf/-Confirm/-Force for the ones that change things.</summary>
public abstract partial class AlloyCmdlet
{
    /// <summary>
    /// ShouldProcess for Remove-* (ConfirmImpact High) with -Force: -Force skips the prompt, but -WhatIf still
    /// only reports and an explicit -Confirm still asks.
    /// </summary>
    protected bool ShouldProcessUnlessForced(bool force, string target, string action)
    {
        var confirmAsked = MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm) && LanguagePrimitives.IsTrue(confirm);
        if (force && !confirmAsked && !WhatIfRequested()) return true;
        return ShouldProcess(target, action);
    }

    /// <summary>-WhatIf given, or $WhatIfPreference on.</summary>
    protected bool WhatIfRequested() =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? LanguagePrimitives.IsTrue(whatIf)
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    /// <summary>Writes a non-terminating error for one item; the pipeline goes on.</summary>
    protected void WriteItemError(Exception exception, object? target) => WriteError(ErrorRecords.From(exception, target));

    /// <summary>Stops the cmdlet with a terminating error built from a core exception.</summary>
    protected void ThrowError(Exception exception, object? target = null) => Terminate(ErrorRecords.From(exception, target));

    /// <summary>
    /// True for a cmdlet that scheduled jobs run (Invoke-OrderSync): when it cannot do its job, the error ends
    /// the whole script, so `pwsh -File` and `pwsh -Command "...; next"` stop and exit 1 whatever
    /// $ErrorActionPreference says. Other cmdlets end only their own statement, as cmdlets usually do.
    /// </summary>
    protected virtual bool FailuresEndTheScript => false;

    /// <summary>Stops the cmdlet with <paramref name="record"/> (see <see cref="FailuresEndTheScript"/>).</summary>
    protected void Terminate(ErrorRecord record)
    {
        if (FailuresEndTheScript) throw ErrorRecords.EndingTheScript(record, MyInvocation.MyCommand.Name);
        ThrowTerminatingError(record);
    }
}
