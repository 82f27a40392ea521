using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Alloy
{
    /// <summary>
    /// Sends one logical request to Alloy: headers, retries, timeouts, cancellation and the mapping of
    /// HTTP failures to typed exceptions. It knows nothing of individual endpoints.
    /// </summary>
    internal sealed class AlloyTransport : IDisposable
    {
        private readonly HttpClient _http;
        private readonly AlloyClientOptions _options;

        public AlloyTransport(AlloyClientOptions options, HttpMessageHandler? handler)
        {
            _options = options;
            _http = handler == null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            _http.Timeout = Timeout.InfiniteTimeSpan; // per-request timeouts below tell a timeout from a Ctrl+C
        }

        public async Task<JsonElement> SendAsync(HttpMethod method, string path, JsonNode? body, bool idempotent, string? userId, CancellationToken cancellationToken)
        {
            var policy = _options.RetryPolicy;
            var description = method.Method + " " + path;
            for (var attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TimeSpan? wait;
                try
                {
                    return await SendOnceAsync(method, path, body, idempotent, userId, description, cancellationToken).ConfigureAwait(false);
                }
                catch (RetryableException retry) when (attempt < policy.MaxAttempts)
                {
                    wait = retry.RetryAfter ?? policy.Backoff(attempt);
                    if (wait > policy.MaxRetryAfter) throw retry.Final;
                    OperationContext.Log.Write(LogLevel.Verbose, $"{description}: {retry.Final.Message} Retrying in {wait.Value.TotalSeconds:0.##} s (attempt {attempt + 1} of {policy.MaxAttempts}).");
                }
                catch (RetryableException retry)
                {
                    throw retry.Final;
                }
                await _options.Clock.Delay(wait.Value, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<JsonElement> SendOnceAsync(HttpMethod method, string path, JsonNode? body, bool idempotent, string? userId, string description, CancellationToken cancellationToken)
        {
            using var request = BuildRequest(method, path, body, userId);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RetryPolicy.RequestTimeout);
            var watch = Stopwatch.StartNew();
            HttpResponseMessage response;
            string text;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                text = await ReadBodyAsync(response, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException ex)
            {
                var message = $"Alloy did not answer {description} within {_options.RetryPolicy.RequestTimeout.TotalSeconds:0} s.";
                if (idempotent) throw new RetryableException(new AlloyUnreachableException(message, ex), null);
                throw new AlloyAmbiguousResultException(message + " The request may have taken effect; it was not retried.", ex) { RequestDescription = description };
            }
            catch (HttpRequestException ex)
            {
                var neverSent = IsConnectFailure(ex);
                var message = $"Could not reach Alloy at {_options.BaseUri} ({Redact(ex.Message)}). Check ALLOY_BASE_URL and the network.";
                if (neverSent || idempotent) throw new RetryableException(new AlloyUnreachableException(message, ex), null);
                throw new AlloyAmbiguousResultException($"The connection to Alloy failed during {description} ({Redact(ex.Message)}). The request may have taken effect; it was not retried.", ex) { RequestDescription = description };
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                OperationContext.Log.Write(LogLevel.Verbose, $"{description} → {status} ({watch.ElapsedMilliseconds} ms)");
                if (status >= 200 && status < 300) return ParseJson(text, description, response.StatusCode);
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
            if (body != null)
            {
                var json = body.ToJsonString();
                OperationContext.Log.Write(LogLevel.Debug, $"{method.Method} {path} body: {Truncate(json, 2000)}");
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }
            return request;
        }

        private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            using (cancellationToken.Register(() => stream.Dispose()))
            {
                try { return await reader.ReadToEndAsync().ConfigureAwait(false); }
                catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested) { throw new OperationCanceledException(cancellationToken); }
                catch (IOException) when (cancellationToken.IsCancellationRequested) { throw new OperationCanceledException(cancellationToken); }
            }
        }

        private JsonElement ParseJson(string text, string description, HttpStatusCode status)
        {
            if (string.IsNullOrWhiteSpace(text)) return JsonDocument.Parse("{}").RootElement.Clone();
            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                var trimmed = text.TrimStart();
                var looksJson = trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal);
                var what = looksJson
                    ? $"a truncated or broken JSON body ({text.Length} characters, {ex.Message})"
                    : $"a body that is not JSON (it starts with \"{Truncate(Redact(trimmed), 80)}\")";
                throw new AlloyMalformedResponseException($"Alloy answered {description} (HTTP {(int)status}) with {what}. This is a fault of the service or of a proxy in between; try again, and report it if it persists.", ex)
                {
                    StatusCode = status,
                    RequestDescription = description,
                    ResponseExcerpt = Truncate(Redact(text), 500),
                };
            }
        }

        private Exception MapFailure(HttpResponseMessage response, string text, string description, bool idempotent)
        {
            var status = response.StatusCode;
            var detail = Redact(ExtractMessage(text));
            var suffix = string.IsNullOrEmpty(detail) ? string.Empty : $": {detail}";
            var retryAfter = RetryPolicy.ParseRetryAfter(response.Headers.RetryAfter, _options.Clock.UtcNow);
            AlloyException error;
            switch ((int)status)
            {
                case 401:
                case 403:
                    error = new AlloyAuthenticationException(
                        $"Alloy refused the API key (HTTP {(int)status}{suffix}). The key came from {_options.KeySource}. " +
                        "Check it in the Alloy dashboard (Settings → API Keys), then run Connect-Alloy -ApiKey or set ALLOY_API_KEY.");
                    break;
                case 404:
                    error = new AlloyNotFoundException($"Alloy found nothing at {description} (HTTP 404{suffix}).");
                    break;
                case 409:
                    error = new AlloyConflictException("AlloyConflict", $"Alloy refused {description} because of a conflict (HTTP 409{suffix}).");
                    break;
                case 429:
                    return new RetryableException(new AlloyRateLimitException($"Alloy is rate limiting requests (HTTP 429{suffix}).", retryAfter) { StatusCode = status, RequestDescription = description }, retryAfter);
                case 503:
                    return new RetryableException(new AlloyServerException($"Alloy is unavailable (HTTP 503{suffix}).") { StatusCode = status, RequestDescription = description }, retryAfter);
                default:
                    if ((int)status >= 500)
                    {
                        if (idempotent) return new RetryableException(new AlloyServerException($"Alloy failed on {description} (HTTP {(int)status}{suffix}).") { StatusCode = status, RequestDescription = description }, retryAfter);
                        return new AlloyAmbiguousResultException($"Alloy failed on {description} (HTTP {(int)status}{suffix}). The request may have taken effect; it was not retried.") { StatusCode = status, RequestDescription = description };
                    }
                    error = new AlloyBadRequestException($"Alloy rejected {description} (HTTP {(int)status}{suffix}).");
                    break;
            }
            return Annotate(error, status, description, text);
        }

        private AlloyException Annotate(AlloyException error, HttpStatusCode status, string description, string text)
        {
            error.StatusCode = status;
            error.RequestDescription = description;
            error.ResponseExcerpt = Truncate(Redact(text), 500);
            return error;
        }

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
                        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String) return value.GetString() ?? string.Empty;
                    }
                }
                return Truncate(text, 300);
            }
            catch (JsonException)
            {
                return Truncate(text.Trim(), 200);
            }
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
                        || socket.SocketErrorCode == SocketError.TryAgain;
                }
            }
            return false;
        }

        internal string Redact(string text) => SecretText.Redact(text, _options.ApiKey);

        internal static string Truncate(string text, int max) => text.Length <= max ? text : text.Substring(0, max) + "…";

        public void Dispose() => _http.Dispose();

        /// <summary>A failure worth another attempt; <see cref="Final"/> is thrown when the attempts run out.</summary>
        private sealed class RetryableException : Exception
        {
            public RetryableException(AlloyException final, TimeSpan? retryAfter) : base(final.Message)
            {
                Final = final;
                RetryAfter = retryAfter;
            }

            public AlloyException Final { get; }
            public TimeSpan? RetryAfter { get; }
        }
    }
}
