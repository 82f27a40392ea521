namespace AlloyShopifySlack.Emulator.Infrastructure;

/// <summary>One authenticated Alloy request as handlers see it: the parsed body and the caller's user header.</summary>
public sealed class ApiRequest
{
    public required HttpContext Context { get; init; }
    public required EmulatorState State { get; init; }
    public JsonNode? Body { get; init; }

    public JsonObject BodyObject => Body as JsonObject ?? new JsonObject();
    public string? UserIdHeader => Header("x-alloy-userid");
    public string? Route(string name) => Context.Request.RouteValues[name]?.ToString();
    public string? Query(string name) => Context.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null;
    public string? Header(string name) => Context.Request.Headers.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v)
        ? v.ToString() : null;

    /// <summary>The address this emulator is reachable at, as the caller used it (for links it hands out).</summary>
    public string BaseUrl => $"{Context.Request.Scheme}://{Context.Request.Host}";
}
