using System;
using System.Management.Automation;
using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Cmdlets.Infrastructure
{
    /// <summary>Turns core exceptions into ErrorRecords with stable ids and fitting categories.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(Exception exception, object? target)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) exception = aggregate.InnerExceptions[0];
            if (exception is AlloyException alloy)
            {
                var record = new ErrorRecord(alloy, alloy.ErrorId, Category(alloy.Kind), target);
                var remedy = Remedy(alloy);
                if (remedy != null) record.ErrorDetails = new ErrorDetails(alloy.Message) { RecommendedAction = remedy };
                return record;
            }
            if (exception is ArgumentException) return new ErrorRecord(exception, "InvalidArgument", ErrorCategory.InvalidArgument, target);
            if (exception is System.IO.IOException) return new ErrorRecord(exception, "FileError", ErrorCategory.WriteError, target);
            if (exception is UnauthorizedAccessException) return new ErrorRecord(exception, "AccessDenied", ErrorCategory.PermissionDenied, target);
            return new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target);
        }

        public static ErrorRecord Create(string errorId, ErrorCategory category, string message, object? target, string? remedy = null)
        {
            var record = new ErrorRecord(new InvalidOperationException(message), errorId, category, target);
            if (remedy != null) record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = remedy };
            return record;
        }

        public static ErrorCategory Category(AlloyErrorKind kind) => kind switch
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

        private static string? Remedy(AlloyException error) => error.Kind switch
        {
            AlloyErrorKind.Authentication => "Run Connect-Alloy -ApiKey with a valid key, or set ALLOY_API_KEY.",
            AlloyErrorKind.Unreachable => "Check ALLOY_BASE_URL and the network, then try again.",
            AlloyErrorKind.Ambiguous => "Check whether the change happened before repeating it (Invoke-OrderSync does this for you).",
            AlloyErrorKind.RateLimited => "Wait a little and try again.",
            _ => null,
        };
    }
}
