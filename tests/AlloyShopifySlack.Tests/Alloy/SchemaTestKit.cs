using System.Collections.Concurrent;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Tests.Infrastructure;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>Passes every request on to a real server (the emulator) and keeps what was sent.</summary>
public sealed class RecordingHandler : DelegatingHandler
{
    public RecordingHandler() : base(new SocketsHttpHandler()) { }

    public ConcurrentQueue<(HttpMethod Method, string Path, JsonObject? Body)> Sent { get; } = new();

    /// <summary>The execute bodies sent for one action, in order.</summary>
    public List<JsonObject> Executes(string connectorId, string actionId) => Sent
        .Where(s => s.Method == HttpMethod.Post && s.Path == $"/connectors/{connectorId}/actions/{actionId}/execute")
        .Select(s => s.Body!).ToList();

    public int Count(HttpMethod method, string path) => Sent.Count(s => s.Method == method && s.Path == path);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var text = request.Content == null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Sent.Enqueue((request.Method, request.RequestUri!.AbsolutePath, text == null ? null : JsonNode.Parse(text) as JsonObject));
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Collects what the core writes to the operation log (OperationContext.Use(log)).</summary>
public sealed class CapturingLog : IOperationLog
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    public IReadOnlyList<string> At(LogLevel level) => Lines.Where(l => l.Level == level).Select(l => l.Message).ToList();

    public void Write(LogLevel level, string message) => Lines.Enqueue((level, message));

    public void Progress(ProgressReport report) { }
}

/// <summary>Emulators in either profile, and clients that build requests from the action schemas as a connection does.</summary>
public static class SchemaTestKit
{
    public static readonly DateTimeOffset Now = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static EmulatorOptions Options(bool realistic)
    {
        var options = new EmulatorOptions { ApiKey = ClientFactory.ApiKey, OrderCount = 30, SlackRateLimit = false,
            ShopifyThrottling = false, Now = Now };
        return realistic ? options.UseRealisticProfile(historyIntervalSeconds: 1) : options;
    }

    /// <summary>A client like a connection's (schemas on), through <paramref name="handler"/> when given.</summary>
    public static AlloyClient Client(EmulatorServer server, HttpMessageHandler? handler = null, ISchemaStore? store = null,
        bool schemas = true, string? userId = null) =>
        new(new AlloyClientOptions(server.BaseUri, SecretText.ToSecureString(server.ApiKey), "the emulator")
        {
            UserId = userId ?? server.Tenant.UserId,
            Clock = new EmulatorLinkedClock(server.State.Clock),
            RetryPolicy = new RetryPolicy { JitterSource = () => 0.5, RequestTimeout = TimeSpan.FromSeconds(30) },
            BuildFromActionSchemas = schemas,
            SchemaStore = store,
        }, handler);

    public const string SchemaRoute = "GET /connectors/{connectorId}/actions/{actionId}";

    /// <summary>How often the emulator was asked for an action schema since the last reset.</summary>
    public static int SchemaReads(EmulatorServer server) => server.State.Counters.Snapshot().GetValueOrDefault(SchemaRoute);
}

/// <summary>A schema store in memory, for tests of what is kept and read back.</summary>
public sealed class MemorySchemaStore : ISchemaStore
{
    public Dictionary<string, string> Values { get; } = new();
    public int Loads { get; private set; }

    public string? Load(string connectorId, string actionId)
    {
        Loads++;
        return Values.GetValueOrDefault(ActionSchema.FactName(connectorId, actionId));
    }

    public void Save(string connectorId, string actionId, string value) => Values[ActionSchema.FactName(connectorId, actionId)] = value;
}
