using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;

namespace AlloyShopifySlack.Cmdlets.Alloy;

/// <summary>
/// New-AlloyUser: creates an Alloy user (a tenant). With -ReuseExisting it is the "create or reuse by username"
/// one-liner; without it, an existing username is the AlloyUserExists error (checked before posting, since a
/// server might accept duplicates).
/// </summary>
[Cmdlet(VerbsCommon.New, "AlloyUser", SupportsShouldProcess = true)]
[OutputType(typeof(AlloyUser))]
public sealed class NewAlloyUserCommand : AlloyCmdlet
{
    /// <summary>The username, unique within the Alloy account (for example the shop's subdomain).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Username { get; set; } = string.Empty;

    /// <summary>The user's display name (used in credential names such as "Jane's Slack Credential").</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    public string? FullName { get; set; }

    /// <summary>Returns the existing user of that name instead of failing, so the command is safe to repeat.</summary>
    [Parameter]
    public SwitchParameter ReuseExisting { get; set; }

    protected override void ProcessRecord()
    {
        // Asked first, so that -WhatIf sends nothing at all (not even the look-up).
        var target = ReuseExisting ? $"Alloy user '{Username}' (reused if it exists)" : $"Alloy user '{Username}'";
        if (!ShouldProcess(target, "Create")) return;
        var client = ResolveConnection().Client;
        try
        {
            var existing = Run(ct => client.FindUserByNameAsync(Username, ct));
            if (existing != null)
            {
                if (!ReuseExisting) throw AlloyClient.UserExists(Username, existing);
                WriteVerbose($"Reusing the Alloy user '{Username}' ({existing.UserId}).");
                WriteObject(TypedOutput.As(existing, TypedOutput.AlloyUser));
                return;
            }
            WriteObject(TypedOutput.As(Create(client), TypedOutput.AlloyUser));
        }
        catch (AlloyException ex)
        {
            WriteItemError(ex, Username);
        }
    }

    private AlloyUser Create(AlloyClient client)
    {
        try
        {
            return Run(ct => client.CreateUserAsync(Username, FullName, ct));
        }
        catch (AlloyException ex) when (ReuseExisting && (ex is AlloyAmbiguousResultException || ex.ErrorId == "AlloyUserExists"))
        {
            // Either our post did create it, or someone else did in between: either way, reuse it.
            var user = Run(ct => client.FindUserByNameAsync(Username, ct));
            if (user == null) throw;
            WriteVerbose($"The Alloy user '{Username}' exists after all ({user.UserId}); reusing it.");
            return user;
        }
    }
}
