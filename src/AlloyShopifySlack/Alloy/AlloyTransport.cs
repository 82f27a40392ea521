using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Alloy;

/// <summary>
/// Sends one logical request to Alloy: headers, retries, timeouts, cancellation and the mapping of
/// HTTP failures to typed exceptions (AlloyTransport.Failures.cs). It knows nothing of individual endpoints.
/// </summary>
internal sealed partial class AlloyTransport : IDisposable
{
    private static readonly string UserAgent = "AlloyShopifySlack/" + typeof(AlloyTransport).Assembly.GetName().Version?.ToString(3);
    private readonly HttpClient _http;
    private readonly AlloyClientOptions _options;

    /// <summary>Which credential listing last answered with credentials on this server (shared by ForUser clients).</summary>
    internal volatile int PreferredCredentialListing;

    /// <summary>The action schemas of this connection (shared by ForUser clients), each read once.</summary>
    internal ActionSchemaCache Schemas { get; } = new ActionSchemaCache();

    internal ServiceFacts Learned { get; } = new ServiceFacts();

    /// <summary>The user route of credential delete answered 404 and the connector route worked: use that first.</summary>
    internal volatile bool DeleteByConnector;

    public AlloyTransport(AlloyClientOptions options, HttpMessageHandler? handler)
    {
        _options = options;
        EnableTls12OnNetFramework();
        _http = handler == null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan; // per-request timeouts below tell a timeout from a Ctrl+C
    }

    /// <param name="reportRateLimits">A 429 is thrown at once for the caller to pace and resend (Slack), not retried here.</param>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, JsonNode? body, bool idempotent, string? userId,
        CancellationToken cancellationToken,
        bool reportRateLimits = false)
    {
        var policy = _options.RetryPolicy;
        var description = method.Method + " " + path;
        var earlierAttemptMayHaveActed = false;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan wait;
            try
            {
                return await SendOnceAsync(method, path, body, idempotent, userId, description, cancellationToken).ConfigureAwait(false);
            }
            catch (AlloyNotFoundException) when (method == HttpMethod.Delete && earlierAttemptMayHaveActed)
            {
                // The attempt that failed ambiguously did delete it: the goal is reached.
                OperationContext.Log.Write(LogLevel.Verbose, $"{description}: already gone after an earlier attempt; treated as deleted.");
                return EmptyObject();
            }
            catch (RetryableException retry)
            {
                earlierAttemptMayHaveActed |= retry.MayHaveActed;
                retry.Final.Attempts = attempt;
                if (attempt >= policy.MaxAttempts || (reportRateLimits && retry.Final is AlloyRateLimitException)) throw retry.Final;
                wait = retry.RetryAfter ?? policy.Backoff(attempt);
                if (wait > policy.MaxRetryAfter) throw retry.Final;
                OperationContext.Log.Write(LogLevel.Verbose,
                    $"{description}: {retry.Final.Message} Retrying in {wait.TotalSeconds:0.##} s (attempt {attempt + 1} " +
                        $"of {policy.MaxAttempts}).");
            }
            await _options.Clock.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<JsonElement> SendOnceAsync(HttpMethod method, string path, JsonNode? body, bool idempotent, string? userId,
        string description, CancellationToken cancellationToken)
    {
        using var request = BuildRequest(method, path, body, userId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RetryPolicy.RequestTimeout);
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            var sending = _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            response = await TaskCancellation.WaitAsync(sending, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OperationCanceledException ex)
        {
            throw TimedOut(description, idempotent, ex);
        }
        catch (HttpRequestException ex)
        {
            throw ConnectionFailed(description, idempotent, ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            string text;
            try
            {
                text = await ReadBodyAsync(response, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is IOException || ex is HttpRequestException
                || ex is ObjectDisposedException)
            {
                if (status >= 200 && status < 300) throw BodyLost(description, status, idempotent, ex);
                text = string.Empty; // the status alone says what went wrong
            }
            // A server that echoes the key (even in a successful answer) must not put it in anyone's output.
            text = Redact(text);
            OperationContext.Log.Write(LogLevel.Verbose, $"{description} → {status} ({watch.ElapsedMilliseconds} ms)");
            OperationContext.Log.Write(LogLevel.Debug, $"{description} answer: {Truncate(text, 2000)}");
            if (status >= 200 && status < 300) return ParseJson(text, description, status, idempotent);
            throw MapFailure(response, text, description, idempotent);
        }
    }

    private HttpRequestMessage BuildRequest(HttpMethod method, string path, JsonNode? body, string? userId)
    {
        var request = new HttpRequestMessage(method, new Uri(_options.BaseUri, path.TrimStart('/')));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecretText.Reveal(_options.ApiKey));
        request.Headers.TryAddWithoutValidation("x-api-version", _options.ApiVersion);
        if (!string.IsNullOrEmpty(userId)) request.Headers.TryAddWithoutValidation("x-alloy-userid", userId);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (body != null)
        {
            var json = body.ToJsonString();
            OperationContext.Log.Write(LogLevel.Debug, $"{method.Method} {path} " +
                $"body: {Truncate(Redact(JsonRedaction.ForLog(body)), 2000)}");
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return request;
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content == null) return string.Empty;
        using var stream = await TaskCancellation.WaitAsync(response.Content.ReadAsStreamAsync(), cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // Disposing the stream is what unblocks a read on runtimes whose ReadToEndAsync takes no token.
        using (cancellationToken.Register(() => stream.Dispose()))
        {
            return await TaskCancellation.WaitAsync(reader.ReadToEndAsync(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }

    /// <summary>Windows PowerShell 5.1 may start with TLS 1.2 off; Alloy's production host requires it.</summary>
    private static void EnableTls12OnNetFramework()
    {
        if (!RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal)) return;
        if ((ServicePointManager.SecurityProtocol & SecurityProtocolType.Tls12) == 0)
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
    }

    internal string Redact(string text) => SecretText.Redact(text, _options.ApiKey);

    internal static string Truncate(string text, int max) => text.Length <= max ? text : text.Substring(0, max) + "…";

    public void Dispose() => _http.Dispose();

    /// <summary>A failure worth another attempt; <see cref="Final"/> is thrown when the attempts run out.</summary>
    private sealed class RetryableException : Exception
    {
        public RetryableException(AlloyException final, TimeSpan? retryAfter, bool mayHaveActed = false) : base(final.Message)
        {
            Final = final;
            RetryAfter = retryAfter;
            MayHaveActed = mayHaveActed;
        }

        public AlloyException Final { get; }
        public TimeSpan? RetryAfter { get; }
        /// <summary>The attempt reached the server and may have acted (only ever retried for idempotent requests).</summary>
        public bool MayHaveActed { get; }
    }
}
