using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Setup;

/// <summary>Why an onboarding step failed; the cmdlet layer maps it onto an error category.</summary>
public enum OnboardingFailure
{
    InvalidInput,
    PortInUse,
    Timeout,
    Denied,
    NoNewCredential,
    UnexpectedAnswer,
}

/// <summary>
/// A failure of the consent flow or the guided set-up, with a stable <see cref="AlloyException.ErrorId"/> and a
/// remedy that tells the user what to do next.
/// </summary>
public sealed class OnboardingException : AlloyException, IRemedy
{
    public OnboardingException(string errorId, OnboardingFailure failure, string message, string remedy, System.Exception? inner = null)
        : base(errorId, KindOf(failure), message, inner)
    {
        Failure = failure;
        Remedy = remedy;
    }

    public OnboardingFailure Failure { get; }
    public string Remedy { get; }

    private static AlloyErrorKind KindOf(OnboardingFailure failure) => failure switch
    {
        OnboardingFailure.InvalidInput => AlloyErrorKind.Configuration,
        OnboardingFailure.PortInUse => AlloyErrorKind.Configuration,
        OnboardingFailure.Denied => AlloyErrorKind.Authentication,
        OnboardingFailure.NoNewCredential => AlloyErrorKind.NotFound,
        OnboardingFailure.UnexpectedAnswer => AlloyErrorKind.MalformedResponse,
        _ => AlloyErrorKind.Ambiguous,
    };
}
