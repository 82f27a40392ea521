using System.Net.Http;

namespace AlloyShopifySlack.Alloy;

/// <summary>
/// The Alloy Connectivity API (docs/api-facts.md). One instance per connection; it owns one HttpClient and is safe
/// to use from several threads. Every call is cancellable.
/// </summary>
public sealed partial class AlloyClient : IDisposable
{
    private readonly AlloyTransport _transport;
    private readonly bool _ownsTransport;

    public AlloyClient(AlloyClientOptions options, HttpMessageHandler? handler = null)
    {
        Options = options;
        _transport = new AlloyTransport(options, handler);
        _ownsTransport = true;
    }

    private AlloyClient(AlloyClientOptions options, AlloyTransport sharedTransport)
    {
        Options = options;
        _transport = sharedTransport;
    }

    /// <summary>
    /// This client acting as another Alloy user (x-alloy-userid), sharing the same HttpClient. For cmdlets given
    /// -UserId and for services that serve several tenants with one key. Disposing it leaves the original working.
    /// </summary>
    public AlloyClient ForUser(string? userId) => new AlloyClient(Options.WithUserId(userId), _transport);

    /// <summary>This client keeping action schemas in <paramref name="store"/> as well (the sync state), sharing the same
    /// HttpClient.</summary>
    public AlloyClient WithSchemaStore(ISchemaStore? store) => new AlloyClient(Options.WithSchemaStore(store), _transport);

    /// <summary>What this connection learned about the service (Test-AlloyConnection -Deep, Sheets connector id ...).</summary>
    public ServiceFacts Learned => _transport.Learned;

    /// <summary>Masks the API key in text that came from the server.</summary>
    internal string Redact(string text) => _transport.Redact(text);

    public AlloyClientOptions Options { get; }
    public string? UserId => Options.UserId;

    internal Task<JsonElement> GetAsync(string path, CancellationToken ct, bool asUser = false) =>
        _transport.SendAsync(HttpMethod.Get, path, null, idempotent: true, asUser ? RequireUserId() : Options.UserId, ct);

    internal Task<JsonElement> PostAsync(string path, JsonNode body, bool idempotent, CancellationToken ct, bool asUser = false,
        bool reportRateLimits = false) =>
        _transport.SendAsync(HttpMethod.Post, path, body, idempotent, asUser ? RequireUserId() : Options.UserId, ct, reportRateLimits);

    internal Task<JsonElement> DeleteAsync(string path, CancellationToken ct, bool asUser = false) =>
        _transport.SendAsync(HttpMethod.Delete, path, null, idempotent: true, asUser ? RequireUserId() : Options.UserId, ct);

    internal string RequireUserId()
    {
        if (!string.IsNullOrEmpty(Options.UserId)) return Options.UserId!;
        throw new AlloyConfigurationException("AlloyUserIdMissing",
            "No Alloy user is selected. Run Connect-Alloy -UserId <id>, set ALLOY_USER_ID, or create one with New-AlloyUser.");
    }

    internal static string Escape(string segment) => Uri.EscapeDataString(segment);

    /// <summary>Lists the items of <paramref name="body"/> under the first of <paramref name="names"/> present, or the body itself when it
    /// is an array.</summary>
    internal static IEnumerable<JsonElement> Items(JsonElement body, params string[] names)
    {
        if (body.ValueKind == JsonValueKind.Array) return body.EnumerateArray().ToList();
        foreach (var name in names)
        {
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
                return list.EnumerateArray().ToList();
        }
        return Array.Empty<JsonElement>();
    }

    public void Dispose()
    {
        if (_ownsTransport) _transport.Dispose();
    }
}
