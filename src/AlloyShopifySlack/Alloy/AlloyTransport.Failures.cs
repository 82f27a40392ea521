using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace AlloyShopifySlack.Alloy;

/// <summary>
/// How failures become typed exceptions. The rule that matters: a request that is not idempotent and may have
/// reached the server (timeout, 5xx, connection lost, unreadable 2xx answer) is never retried; it raises
/// <see cref="AlloyAmbiguousResultException"/> so the caller can reconcile. Server text is redacted everywhere.
/// </summary>
internal sealed partial class AlloyTransport
{
    private const string NotRetried = " The request may have taken effect, so it was not retried; check before repeating it.";

    private Exception TimedOut(string description, bool idempotent, Exception inner)
    {
        var message = $"Alloy did not answer {description} within {_options.RetryPolicy.RequestTimeout.TotalSeconds:0.##} s.";
        if (idempotent) return new RetryableException(new AlloyUnreachableException(message, inner) { RequestDescription = description },
            null, mayHaveActed: true);
        return new AlloyAmbiguousResultException(message + NotRetried, inner) { RequestDescription = description };
    }

    private Exception ConnectionFailed(string description, bool idempotent, HttpRequestException ex)
    {
        var reason = Redact(InnermostMessage(ex));
        if (IsConnectFailure(ex))
        {
            // Nothing was sent, so even a post can be tried again.
            var unreachable = new AlloyUnreachableException(
                $"Could not reach Alloy at {_options.BaseUri} ({reason}). Check ALLOY_BASE_URL (or Connect-Alloy -BaseUri) and " +
                    "the network.", ex)
            { RequestDescription = description };
            return new RetryableException(unreachable, null);
        }
        var message = $"The connection to Alloy was lost during {description} ({reason}).";
        if (idempotent) return new RetryableException(new AlloyUnreachableException(message, ex) { RequestDescription = description }, null,
            mayHaveActed: true);
        return new AlloyAmbiguousResultException(message + NotRetried, ex) { RequestDescription = description };
    }

    /// <summary>The status line came (2xx) but the body was cut off or never finished.</summary>
    private Exception BodyLost(string description, int status, bool idempotent, Exception inner)
    {
        var message = $"Alloy answered {description} with HTTP {status} but the body was cut off before it ended " +
            $"(truncated: {Redact(InnermostMessage(inner))}).";
        var malformed = new AlloyMalformedResponseException(message + " Try again; report it if it persists.", inner)
        { StatusCode = (HttpStatusCode)status, RequestDescription = description };
        if (idempotent) return new RetryableException(malformed, null, mayHaveActed: true);
        return new AlloyAmbiguousResultException(message + " The request probably took effect, so it was not retried; check before " +
            "repeating it.", malformed)
        { StatusCode = (HttpStatusCode)status, RequestDescription = description };
    }

    private JsonElement ParseJson(string text, string description, int status, bool idempotent)
    {
        if (string.IsNullOrWhiteSpace(text)) return EmptyObject();
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            var looksJson = LooksLikeJson(text);
            var what = looksJson
                ? $"a truncated or broken JSON body ({text.Length} characters; {ex.Message})"
                : $"a body that is not JSON (it starts with \"{Truncate(Redact(text.TrimStart()), 80)}\")";
            var remedy = looksJson
                ? " Try again; report it if it persists."
                : " Check that ALLOY_BASE_URL points at the Alloy API (not a web page or a proxy's error page).";
            var malformed = new AlloyMalformedResponseException($"Alloy answered {description} (HTTP {status}) with {what}.{remedy}", ex)
            {
                StatusCode = (HttpStatusCode)status,
                RequestDescription = description,
                ResponseExcerpt = Truncate(Redact(text), 500),
            };
            if (idempotent && looksJson) throw new RetryableException(malformed, null, mayHaveActed: true);
            if (idempotent) throw malformed;
            throw new AlloyAmbiguousResultException(
                $"Alloy accepted {description} (HTTP {status}) but answered with {what}. The request probably took effect, so it was not " +
                    "retried; check before repeating it.",
                malformed)
            { StatusCode = (HttpStatusCode)status, RequestDescription = description, ResponseExcerpt = malformed.ResponseExcerpt };
        }
    }

    private Exception MapFailure(HttpResponseMessage response, string text, string description, bool idempotent)
    {
        var status = (int)response.StatusCode;
        var detail = Redact(ExtractMessage(text));
        var suffix = string.IsNullOrEmpty(detail) ? string.Empty : $": {detail}";
        var retryAfter = RetryPolicy.ParseRetryAfter(response.Headers.RetryAfter, _options.Clock.UtcNow);
        AlloyException error;
        if (status == 401 || status == 403)
        {
            var refused = status == 401 ? "refused the API key" : "does not allow this API key to do that";
            error = new AlloyAuthenticationException(
                $"Alloy {refused} (HTTP {status}{suffix}) on {description}. The key came from {_options.KeySource}. " +
                "Check it in the Alloy dashboard (Settings → API Keys), then run Connect-Alloy -ApiKey or set ALLOY_API_KEY.");
        }
        else if (status == 404)
        {
            var hint = LooksLikeJson(text) || text.Trim().Length == 0 ? string.Empty : " The answer is not JSON: is ALLOY_BASE_URL right?";
            error = new AlloyNotFoundException($"Alloy found nothing at {description} (HTTP 404{suffix}).{hint}");
        }
        else if (status == 409)
        {
            error = new AlloyConflictException("AlloyConflict", $"Alloy refused {description} because of a conflict (HTTP 409{suffix}).");
        }
        else if (status == 429)
        {
            // A refusal: nothing happened, so even a post is safe to send again.
            var wait = retryAfter == null
                ? "without saying for how long (waits grow 1, 2, 4 ... s)"
                : "and asks to wait " + retryAfter.Value.TotalSeconds.ToString("0.##",
                    System.Globalization.CultureInfo.InvariantCulture) + " s";
            var limited = new AlloyRateLimitException($"Alloy is rate limiting requests (HTTP 429{suffix}) {wait}.", retryAfter);
            return new RetryableException(Annotate(limited, status, description, text), retryAfter);
        }
        else if (status >= 500 || status == 408)
        {
            var failed = $"Alloy failed on {description} (HTTP {status}{suffix}).";
            if (idempotent) return new RetryableException(Annotate(new AlloyServerException(failed + " Try again later."), status,
                description, text), retryAfter, mayHaveActed: true);
            var ambiguous = new AlloyAmbiguousResultException(failed + NotRetried) { RetryAfter = retryAfter };
            return Annotate(ambiguous, status, description, text);
        }
        else
        {
            error = new AlloyBadRequestException($"Alloy rejected {description} (HTTP {status}{suffix}).");
        }
        return Annotate(error, status, description, text);
    }

    private AlloyException Annotate(AlloyException error, int status, string description, string text)
    {
        error.StatusCode = (HttpStatusCode)status;
        error.RequestDescription = description;
        error.ResponseExcerpt = Truncate(Redact(text), 500);
        return error;
    }

    /// <summary>The human part of an error body: message/error/detail/title, else the (shortened) body itself.</summary>
    internal static string ExtractMessage(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return string.Empty;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "message", "error", "detail", "title" })
                {
                    if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String) return value.GetString()
                        ?? string.Empty;
                    if (root.TryGetProperty(name, out var nested) && nested.ValueKind == JsonValueKind.Object
                        && JsonRead.String(nested, "message") is string inner) return inner;
                }
            }
            return Truncate(text.Trim(), 300);
        }
        catch (JsonException)
        {
            var kind = LooksLikeJson(text) ? "a broken JSON body" : "a non-JSON body";
            return $"{kind}: {Truncate(text.Trim(), 200)}";
        }
    }

    private static bool LooksLikeJson(string text)
    {
        var trimmed = text.TrimStart();
        return trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal);
    }

    private static string InnermostMessage(Exception ex)
    {
        var message = ex.Message;
        for (var inner = ex.InnerException; inner != null; inner = inner.InnerException) message = inner.Message;
        return message;
    }

    private static bool IsConnectFailure(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner != null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode == SocketError.ConnectionRefused
                    || socket.SocketErrorCode == SocketError.HostNotFound
                    || socket.SocketErrorCode == SocketError.HostUnreachable
                    || socket.SocketErrorCode == SocketError.NetworkUnreachable
                    || socket.SocketErrorCode == SocketError.NoData
                    || socket.SocketErrorCode == SocketError.TryAgain;
            }
        }
        return false;
    }
}
