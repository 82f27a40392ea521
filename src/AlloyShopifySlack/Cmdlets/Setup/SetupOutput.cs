using System;
using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Setup
{
    /// <summary>Type names for format views, host messages and error records of the onboarding cmdlets.</summary>
    internal static class SetupOutput
    {
        /// <summary>Adds the contract's type name (AlloyShopifySlack.X) in front of the .NET one.</summary>
        public static PSObject Typed(object value, string typeName)
        {
            var wrapped = PSObject.AsPSObject(value);
            if (!wrapped.TypeNames.Contains(typeName)) wrapped.TypeNames.Insert(0, typeName);
            return wrapped;
        }

        public static PSObject Credential(AlloyCredential credential) => Typed(credential, "AlloyShopifySlack.AlloyCredential");

        public static PSObject Health(HealthCheckResult result) => Typed(result, "AlloyShopifySlack.HealthCheckResult");

        /// <summary>Text for the person at the terminal: shown like Write-Host, and kept in the Information stream.</summary>
        public static void Host(Cmdlet cmdlet, string text) =>
            cmdlet.WriteInformation(new HostInformationMessage { Message = text }, new[] { "PSHOST" });

        /// <summary>An error record for a core exception; onboarding failures get their own category and remedy.</summary>
        public static ErrorRecord Error(Exception exception, object? target)
        {
            if (!(exception is OnboardingException onboarding)) return ErrorRecords.From(exception, target);
            var category = onboarding.Failure switch
            {
                OnboardingFailure.PortInUse => ErrorCategory.ResourceUnavailable,
                OnboardingFailure.Timeout => ErrorCategory.OperationTimeout,
                OnboardingFailure.Denied => ErrorCategory.PermissionDenied,
                OnboardingFailure.NoNewCredential => ErrorCategory.ObjectNotFound,
                OnboardingFailure.UnexpectedAnswer => ErrorCategory.InvalidResult,
                _ => ErrorCategory.InvalidArgument,
            };
            return new ErrorRecord(onboarding, onboarding.ErrorId, category, target)
            {
                ErrorDetails = new ErrorDetails(onboarding.Message) { RecommendedAction = onboarding.Remedy },
            };
        }
    }
}
