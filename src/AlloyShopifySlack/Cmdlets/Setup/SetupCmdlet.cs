using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>Base of the onboarding cmdlets: onboarding error records (the consent flow is <see cref="ConsentCmdlet"/>'s).</summary>
public abstract class SetupCmdlet : AlloyCmdlet
{
    /// <summary>Runs core work; an Alloy or onboarding failure stops the cmdlet with its stable id and remedy.</summary>
    internal T RunStep<T>(Func<CancellationToken, Task<T>> work, object? target = null)
    {
        try
        {
            return Run(work);
        }
        catch (AlloyException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, target));
            throw; // not reached
        }
    }
}
