using System.Net;

namespace AlloyShopifySlack.Alloy;

/// <summary>What went wrong, in terms the cmdlet layer maps onto PowerShell error categories.</summary>
public enum AlloyErrorKind
{
    Configuration,
    Authentication,
    NotFound,
    BadRequest,
    Conflict,
    RateLimited,
    Server,
    Ambiguous,
    MalformedResponse,
    Unreachable,
    ProviderError,
}

/// <summary>
/// Base of every error the core raises. <see cref="ErrorId"/> is stable (scripts and tests match on it);
/// the message says what happened and what to do. Messages never contain the API key.
/// </summary>
public class AlloyException : Exception
{
    public AlloyException(string errorId, AlloyErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
    }

    public string ErrorId { get; }
    public AlloyErrorKind Kind { get; }
    public HttpStatusCode? StatusCode { get; internal set; }
    public string? RequestDescription { get; internal set; }
    public string? ResponseExcerpt { get; internal set; }
    /// <summary>How many times the request was sent before this error was raised.</summary>
    public int Attempts { get; internal set; } = 1;
}

public sealed class AlloyConfigurationException : AlloyException
{
    public AlloyConfigurationException(string errorId, string message) : base(errorId, AlloyErrorKind.Configuration, message) { }
}

public sealed class AlloyAuthenticationException : AlloyException
{
    public AlloyAuthenticationException(string message) : base("AlloyUnauthorized", AlloyErrorKind.Authentication, message) { }
}

public sealed class AlloyNotFoundException : AlloyException
{
    public AlloyNotFoundException(string message, IReadOnlyList<string>? knownIds = null)
        : base("AlloyNotFound", AlloyErrorKind.NotFound, message)
    {
        KnownIds = knownIds ?? Array.Empty<string>();
    }

    /// <summary>For an unknown action: the connector's action ids.</summary>
    public IReadOnlyList<string> KnownIds { get; }
}

public sealed class AlloyBadRequestException : AlloyException
{
    public AlloyBadRequestException(string message, IReadOnlyList<string>? requiredParameters = null)
        : base("AlloyBadRequest", AlloyErrorKind.BadRequest, message)
    {
        RequiredParameters = requiredParameters ?? Array.Empty<string>();
    }

    public IReadOnlyList<string> RequiredParameters { get; }
}

public sealed class AlloyConflictException : AlloyException
{
    public AlloyConflictException(string errorId, string message) : base(errorId, AlloyErrorKind.Conflict, message) { }
}

public sealed class AlloyRateLimitException : AlloyException
{
    public AlloyRateLimitException(string message, TimeSpan? retryAfter)
        : base("AlloyRateLimited", AlloyErrorKind.RateLimited, message)
    {
        RetryAfter = retryAfter;
    }

    public TimeSpan? RetryAfter { get; }
}

public sealed class AlloyServerException : AlloyException
{
    public AlloyServerException(string message) : base("AlloyServerError", AlloyErrorKind.Server, message) { }
}

/// <summary>
/// The request may or may not have taken effect (a timeout or a 5xx after a post). It was not retried;
/// callers that post (Slack alerts) reconcile, for example by looking for the message in the channel.
/// </summary>
public sealed class AlloyAmbiguousResultException : AlloyException
{
    public AlloyAmbiguousResultException(string message, Exception? inner = null)
        : base("AlloyAmbiguousResult", AlloyErrorKind.Ambiguous, message, inner) { }

    /// <summary>The server's Retry-After, when it sent one with the failure (a 503 after a post).</summary>
    public TimeSpan? RetryAfter { get; internal set; }
}

public sealed class AlloyMalformedResponseException : AlloyException
{
    public AlloyMalformedResponseException(string message, Exception? inner = null)
        : base("AlloyMalformedResponse", AlloyErrorKind.MalformedResponse, message, inner) { }
}

public sealed class AlloyUnreachableException : AlloyException
{
    public AlloyUnreachableException(string message, Exception? inner = null)
        : base("AlloyUnreachable", AlloyErrorKind.Unreachable, message, inner) { }
}

/// <summary>The provider behind a connector refused (Slack <c>ok:false</c>, Shopify userErrors).</summary>
public class ProviderException : AlloyException
{
    public ProviderException(string provider, string code, string message)
        : base(provider + "Error", AlloyErrorKind.ProviderError, message)
    {
        Provider = provider;
        Code = code;
    }

    public string Provider { get; }
    public string Code { get; }
}
