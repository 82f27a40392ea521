using System.Management.Automation;
using System.Text.RegularExpressions;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Setup;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Infrastructure;

/// <summary>
/// The one mapper from core exceptions to ErrorRecords: stable ids, fitting categories and, always, a
/// RecommendedAction (PowerShell shows it under the message as "Recommendation:") — the exception's own
/// (<see cref="IRemedy"/>) when it has one, else the one for its kind.
/// </summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(Exception exception, object? target)
    {
        if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) exception = aggregate.InnerExceptions[0];
        if (exception is AlloyException alloy)
            return WithRemedy(new ErrorRecord(alloy, alloy.ErrorId, Category(alloy), target), alloy.Message, Remedy(alloy));
        if (exception is ArgumentException argument)
            return WithRemedy(new ErrorRecord(exception, "InvalidArgument", ErrorCategory.InvalidArgument, target),
                WithoutParameterName(argument),
                "Correct the value the message names and run the command again (Get-Help <command> -Parameter <name> describes it).");
        if (exception is System.IO.IOException)
            return WithRemedy(new ErrorRecord(exception, "FileError", ErrorCategory.WriteError, target), exception.Message,
                "Check that the path exists, that there is free space, and that no other program holds the file.");
        if (exception is UnauthorizedAccessException)
            return WithRemedy(new ErrorRecord(exception, "AccessDenied", ErrorCategory.PermissionDenied, target), exception.Message,
                "Run as a user that may read and write the path, or choose another path.");
        return WithRemedy(new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target), exception.Message,
            "This is not an expected failure: run the command again with -Debug and report what it shows (it never shows a secret).");
    }

    /// <summary>A value the user passed was refused; the message is .NET's without its " (Parameter 'name')" tail.</summary>
    public static ErrorRecord Argument(ArgumentException exception, string errorId, object? target, string remedy) =>
        WithRemedy(new ErrorRecord(exception, errorId, ErrorCategory.InvalidArgument, target), WithoutParameterName(exception), remedy);

    public static ErrorRecord Create(string errorId, ErrorCategory category, string message, object? target, string? remedy = null) =>
        WithRemedy(new ErrorRecord(new InvalidOperationException(message), errorId, category, target), message,
            remedy ?? DefaultRemedy(category));

    /// <summary>
    /// An error that ends the whole script, not only the statement: what `throw` does. A scheduled
    /// `pwsh -File job.ps1` or `pwsh -Command "...; next"` then stops there and exits 1 whatever
    /// $ErrorActionPreference is; try/catch still catches it. The header shows the command's name.
    /// </summary>
    public static RuntimeException EndingTheScript(ErrorRecord record, string commandName)
    {
        record.CategoryInfo.Activity = commandName;
        var message = record.ErrorDetails?.Message ?? record.Exception.Message;
        return new RuntimeException(message, record.Exception, record) { WasThrownFromThrowStatement = true };
    }

    private static ErrorRecord WithRemedy(ErrorRecord record, string message, string remedy)
    {
        record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = remedy };
        return record;
    }

    /// <summary>.NET appends " (Parameter 'name')" to an ArgumentException's message: the user did not pass an internal name.</summary>
    private static string WithoutParameterName(ArgumentException exception) =>
        Regex.Replace(exception.Message, @"\s*\(Parameter '[^']*'\)\s*$|\r?\nParameter name: .*$", string.Empty);

    private static ErrorCategory Category(AlloyException error) => error is OnboardingException onboarding
        ? onboarding.Failure switch
        {
            OnboardingFailure.PortInUse => ErrorCategory.ResourceUnavailable,
            OnboardingFailure.Timeout => ErrorCategory.OperationTimeout,
            OnboardingFailure.Denied => ErrorCategory.PermissionDenied,
            OnboardingFailure.NoNewCredential => ErrorCategory.ObjectNotFound,
            OnboardingFailure.UnexpectedAnswer => ErrorCategory.InvalidResult,
            _ => ErrorCategory.InvalidArgument,
        }
        : Category(error.Kind);

    private static ErrorCategory Category(AlloyErrorKind kind) => kind switch
    {
        AlloyErrorKind.Configuration => ErrorCategory.InvalidArgument,
        AlloyErrorKind.Authentication => ErrorCategory.AuthenticationError,
        AlloyErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        AlloyErrorKind.BadRequest => ErrorCategory.InvalidArgument,
        AlloyErrorKind.Conflict => ErrorCategory.ResourceExists,
        AlloyErrorKind.RateLimited => ErrorCategory.LimitsExceeded,
        AlloyErrorKind.Server => ErrorCategory.ResourceUnavailable,
        AlloyErrorKind.Ambiguous => ErrorCategory.OperationTimeout,
        AlloyErrorKind.MalformedResponse => ErrorCategory.InvalidData,
        AlloyErrorKind.Unreachable => ErrorCategory.ConnectionError,
        AlloyErrorKind.ProviderError => ErrorCategory.InvalidResult,
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>The exception's own remedy when it has one, else the one for its kind.</summary>
    private static string Remedy(AlloyException error) => error switch
    {
        IRemedy remedy => remedy.Remedy,
        SyncStateException state when state.ErrorId == SyncStateException.LockedId =>
            "Let the other run finish, or raise -LockTimeoutSeconds; schedule runs further apart if this repeats.",
        SyncStateException _ => "Restore the state file from a backup, or move it aside to start afresh (recent orders may then be " +
            "alerted again).",
        _ => error.Kind switch
        {
            AlloyErrorKind.Authentication => "Run Connect-Alloy -ApiKey with a valid key, or set ALLOY_API_KEY.",
            AlloyErrorKind.Unreachable => "Check ALLOY_BASE_URL (or Connect-Alloy -BaseUri) and the network, then try again.",
            AlloyErrorKind.Ambiguous => "Check whether the change happened before repeating it (Invoke-OrderSync does this for you).",
            AlloyErrorKind.RateLimited => "Wait the time the message names, then try again; send fewer requests at once if this repeats.",
            AlloyErrorKind.Configuration => "Pass the parameter or set the variable the message names (environment or .env), or run " +
                "Initialize-AlloyShopifySlack.",
            AlloyErrorKind.NotFound => "Check the id: Get-AlloyUser, Get-AlloyCredential, Get-AlloyConnector and Get-AlloyAction " +
                "list what exists.",
            AlloyErrorKind.BadRequest => "Correct the request the message describes; Get-AlloyAction -ConnectorId <c> -ActionId <a> " +
                "shows an action's parameters.",
            AlloyErrorKind.Conflict => "It exists already or is in use: use the existing one, or wait and try again.",
            AlloyErrorKind.Server => "Alloy had a problem of its own: try again in a few minutes; reads are retried for you.",
            AlloyErrorKind.MalformedResponse => "Try again; if it repeats, the service answered in a form this module does not know: " +
                "report it with -Debug output.",
            AlloyErrorKind.ProviderError => "The provider (Shopify, Slack, Google) refused the call: the message gives its reason.",
            _ => "Run the command again with -Debug to see more.",
        },
    };

    private static string DefaultRemedy(ErrorCategory category) => category switch
    {
        ErrorCategory.InvalidArgument => "Correct the value the message names and run the command again.",
        ErrorCategory.ObjectNotFound => "Check the name or id; the matching Get- command lists what exists.",
        ErrorCategory.ConnectionError => "Test-AlloyConnection shows which part fails and what to do about it.",
        ErrorCategory.InvalidResult => "See the message for what failed; run again once it is fixed.",
        _ => "Run the command again with -Debug to see more.",
    };
}
