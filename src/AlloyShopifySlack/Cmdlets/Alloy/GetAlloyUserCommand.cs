using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;

namespace AlloyShopifySlack.Cmdlets.Alloy;

/// <summary>Get-AlloyUser: one user by id or by username (wildcards allowed), or every user of the account.</summary>
[Cmdlet(VerbsCommon.Get, "AlloyUser", DefaultParameterSetName = ListSet)]
[OutputType(typeof(AlloyUser))]
public sealed class GetAlloyUserCommand : AlloyCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";
    private const string ByNameSet = "ByName";

    /// <summary>The user's id (24 hex characters), as New-AlloyUser returned it.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string UserId { get; set; } = string.Empty;

    /// <summary>The username to look for. Wildcards list every match; an exact name that is missing is an error.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByNameSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string Username { get; set; } = string.Empty;

    protected override void ProcessRecord()
    {
        var client = ResolveConnection().Client;
        var target = ParameterSetName == ByIdSet ? UserId : ParameterSetName == ByNameSet ? Username : null;
        try
        {
            switch (ParameterSetName)
            {
                case ByIdSet:
                    WriteObject(TypedOutput.As(Run(ct => client.GetUserAsync(UserId, ct)), TypedOutput.AlloyUser));
                    break;
                case ByNameSet:
                    WriteByName(client);
                    break;
                default:
                    foreach (var user in Run(ct => client.ListUsersAsync(ct))) WriteObject(TypedOutput.As(user, TypedOutput.AlloyUser));
                    break;
            }
        }
        catch (AlloyNotFoundException) when (ParameterSetName == ByIdSet)
        {
            WriteError(ErrorRecords.Create("AlloyUserNotFound", ErrorCategory.ObjectNotFound,
                $"Alloy has no user with id '{UserId}'. List the users with Get-AlloyUser.", UserId));
        }
        catch (AlloyException ex)
        {
            WriteItemError(ex, target);
        }
    }

    private void WriteByName(AlloyClient client)
    {
        if (WildcardPattern.ContainsWildcardCharacters(Username))
        {
            var pattern = new WildcardPattern(Username, WildcardOptions.IgnoreCase);
            var users = Run(ct => client.ListUsersAsync(ct));
            foreach (var user in users.Where(u => u.Username != null && pattern.IsMatch(u.Username))) WriteObject(
                TypedOutput.As(user, TypedOutput.AlloyUser));
            return;
        }
        var found = Run(ct => client.FindUserByNameAsync(Username, ct));
        if (found != null)
        {
            WriteObject(TypedOutput.As(found, TypedOutput.AlloyUser));
            return;
        }
        var quoted = "'" + Username.Replace("'", "''") + "'";
        WriteError(ErrorRecords.Create("AlloyUserNotFound", ErrorCategory.ObjectNotFound,
            $"Alloy has no user named {quoted}. Create it with New-AlloyUser -Username {quoted} (add -ReuseExisting to make that safe to " +
                "repeat).", Username));
    }
}
