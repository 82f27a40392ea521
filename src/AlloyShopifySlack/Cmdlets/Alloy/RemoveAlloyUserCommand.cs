using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;

namespace AlloyShopifySlack.Cmdlets.Alloy;

/// <summary>Remove-AlloyUser: deletes an Alloy user (and with it the user's credentials) by id, by name or piped.</summary>
[Cmdlet(VerbsCommon.Remove, "AlloyUser", DefaultParameterSetName = ByIdSet, SupportsShouldProcess = true,
    ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveAlloyUserCommand : AlloyCmdlet
{
    private const string ByIdSet = "ById";
    private const string ByNameSet = "ByName";

    /// <summary>The user's id. Piped AlloyUser objects (Get-AlloyUser) bind here.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string UserId { get; set; } = string.Empty;

    /// <summary>The user's username (exact; looked up first, so a missing name is a clear error).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByNameSet)]
    [ValidateNotNullOrEmpty]
    public string Username { get; set; } = string.Empty;

    /// <summary>Removes without asking for confirmation (-WhatIf still only reports).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var target = ParameterSetName == ByNameSet ? Username : UserId;
        // Asked before the look-up of a name, so that -WhatIf sends nothing at all.
        var subject = ParameterSetName == ByNameSet ? $"Alloy user '{Username}'" : $"Alloy user {UserId}";
        if (!ShouldProcessUnlessForced(Force, subject + " and its credentials", "Remove")) return;
        var client = ResolveConnection().Client;
        try
        {
            var userId = UserId;
            var description = subject;
            if (ParameterSetName == ByNameSet)
            {
                var user = Run(ct => client.FindUserByNameAsync(Username, ct));
                if (user == null)
                {
                    WriteError(ErrorRecords.Create("AlloyUserNotFound", ErrorCategory.ObjectNotFound,
                        $"Alloy has no user named '{Username}'. List the users with Get-AlloyUser.", Username));
                    return;
                }
                userId = user.UserId;
                description = $"Alloy user '{Username}' ({userId})";
            }
            Run(ct => client.DeleteUserAsync(userId, ct));
            WriteVerbose($"Removed {description}.");
        }
        catch (AlloyNotFoundException)
        {
            WriteError(ErrorRecords.Create("AlloyUserNotFound", ErrorCategory.ObjectNotFound,
                $"Alloy has no user '{target}' (already removed?). List the users with Get-AlloyUser.", target));
        }
        catch (AlloyException ex)
        {
            WriteItemError(ex, target);
        }
    }
}
