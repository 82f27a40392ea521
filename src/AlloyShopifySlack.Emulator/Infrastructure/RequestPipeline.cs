namespace AlloyShopifySlack.Emulator.Infrastructure;

/// <summary>
/// What every Alloy request goes through: counting, the bearer key, x-api-version, the JSON body, latency and the
/// injected faults that act before (429, 5xx, revoked key) or after (ambiguous 502, broken JSON) the handler.
/// </summary>
public sealed class RequestPipeline
{
    private readonly EmulatorState _state;

    public RequestPipeline(EmulatorState state) => _state = state;

    public RequestDelegate Handle(Func<ApiRequest, Task<Reply>> handler) => context => RunAsync(context, handler);

    public RequestDelegate Handle(Func<ApiRequest, Reply> handler)
    {
        Func<ApiRequest, Task<Reply>> asynchronous = request => Task.FromResult(handler(request));
        return context => RunAsync(context, asynchronous);
    }

    private async Task RunAsync(HttpContext context, Func<ApiRequest, Task<Reply>> handler)
    {
        var endpointKey = EndpointKey(context);
        _state.Counters.Increment(endpointKey);
        var reply = await ProcessAsync(context, endpointKey, handler);
        await reply.WriteAsync(context);
    }

    private async Task<Reply> ProcessAsync(HttpContext context, string endpointKey, Func<ApiRequest, Task<Reply>> handler)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization != "Bearer " + _state.Options.ApiKey) return Reply.Message(401, "Unauthorized");

        var body = default(JsonNode);
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            try { body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted); }
            catch (JsonException) { return Reply.Message(400, "The request body is not valid JSON."); }
        }
        var faultKey = FaultKey(context, body, out var channel);
        if (faultKey != endpointKey) _state.Counters.Increment(faultKey);

        if (_state.Faults.Fire(faultKey, channel, FaultKind.RevokedKey).Count > 0 ||
            (faultKey != endpointKey && _state.Faults.Fire(endpointKey, channel, FaultKind.RevokedKey).Count > 0))
            return Reply.Message(401, "Unauthorized");

        var version = context.Request.Headers["x-api-version"].ToString();
        if (string.IsNullOrWhiteSpace(version)) return Reply.Message(400, "The x-api-version header is required (the current " +
            "version is 2025-09).");
        if (_state.Options.AcceptedApiVersions.Count > 0 && !_state.Options.AcceptedApiVersions.Contains(version))
            return Reply.Message(400, $"Unsupported x-api-version '{version}'. " +
                $"Supported: {string.Join(", ", _state.Options.AcceptedApiVersions)}.");

        var latency = _state.LatencyMs + _state.Faults.Fire(faultKey, channel, FaultKind.Latency).Sum(f => f.LatencyMs);
        if (latency > 0) await Task.Delay(latency, context.RequestAborted);

        foreach (var fault in _state.Faults.Fire(faultKey, channel, FaultKind.RateLimit, FaultKind.HttpError))
        {
            if (fault.Kind == FaultKind.HttpError)
                return Reply.Message(fault.StatusCode ?? 500, fault.StatusCode == 503 ? "Service Unavailable" : "Internal Server Error");
            var limitedBody = faultKey.StartsWith("slack/", StringComparison.Ordinal)
                ? new JsonObject { ["ok"] = false, ["error"] = "ratelimited" }
                : new JsonObject { ["error"] = "Too Many Requests", ["message"] = "Rate limit exceeded" };
            var limited = Reply.Json(limitedBody, fault.StatusCode ?? 429);
            if (fault.RetryAfterSeconds.HasValue)
                limited.Headers["Retry-After"] = fault.RetryAfterAsDate
                    ? _state.Clock.UtcNow.AddSeconds(fault.RetryAfterSeconds.Value).ToString("r", CultureInfo.InvariantCulture)
                    : fault.RetryAfterSeconds.Value.ToString(CultureInfo.InvariantCulture);
            return limited;
        }

        var reply = await handler(new ApiRequest { Context = context, State = _state, Body = body });

        var after = _state.Faults.Fire(faultKey, channel, FaultKind.Ambiguous, FaultKind.MalformedJson, FaultKind.TruncatedJson);
        foreach (var fault in after)
        {
            switch (fault.Kind)
            {
                case FaultKind.Ambiguous:
                    return Reply.Message(fault.StatusCode ?? 502, "Bad Gateway");
                case FaultKind.MalformedJson:
                    reply.Text = "<html><body><h1>Gateway hiccup</h1>{\"status\": completed,</body></html>";
                    break;
                case FaultKind.TruncatedJson:
                    var text = reply.RenderText();
                    reply.Text = text[..Math.Max(1, text.Length / 2)];
                    break;
            }
        }
        return reply;
    }

    /// <summary>"GET /users/{userId}": the route pattern, so that counts group by endpoint.</summary>
    internal static string EndpointKey(HttpContext context)
    {
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "/";
        return context.Request.Method + " " + (pattern.StartsWith('/') ? pattern : "/" + pattern);
    }

    /// <summary>For execute: "slack/chat_postMessage" and the Slack channel; otherwise the endpoint key.</summary>
    private static string FaultKey(HttpContext context, JsonNode? body, out string? channel)
    {
        channel = null;
        var values = context.Request.RouteValues;
        if (!context.Request.Path.Value!.EndsWith("/execute", StringComparison.Ordinal)
            || values["actionId"] == null) return EndpointKey(context);
        channel = (body?["requestBody"]?["channel"] ?? body?["queryParameters"]?["channel"]) is JsonValue v
            && v.TryGetValue<string>(out var s) ? s : null;
        return $"{values["connectorId"]}/{values["actionId"]}";
    }
}
