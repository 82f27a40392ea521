using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Alloy;

public sealed partial class AlloyClient
{
    /// <summary>A schema kept in the store is read again after this long (Alloy may declare more by then).</summary>
    internal static readonly TimeSpan StoredSchemaLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// The action's schema: from this connection's memory, else the schema store, else one GET (remembered, also
    /// when unavailable). Null when Alloy gives none that can be read (404, an error, an unexpected shape).
    /// </summary>
    public async Task<ActionSchema?> GetActionSchemaAsync(string connectorId, string actionId, CancellationToken ct)
    {
        var schema = await _transport.Schemas.GetOrReadAsync(connectorId, actionId, token => ReadSchemaAsync(connectorId, actionId, token),
            Options.Clock.UtcNow, ct).ConfigureAwait(false);
        if (schema != null) Options.SchemaStore?.Save(connectorId, actionId, StoredValue(schema));
        return schema;
    }

    private async Task<(ActionSchema?, bool Transient)> ReadSchemaAsync(string connectorId, string actionId, CancellationToken ct)
    {
        var (stored, fresh) = FromStore(connectorId, actionId);
        if (stored != null && fresh) return (stored, false);
        string why;
        var transient = false;
        try
        {
            var answer = await GetAsync($"connectors/{Escape(connectorId)}/actions/{Escape(actionId)}", ct).ConfigureAwait(false);
            var schema = ActionSchema.TryParse(connectorId, actionId, answer);
            if (schema != null) return (schema, false);
            why = "its answer is not an action schema";
        }
        catch (AlloyException ex)
        {
            why = ex.Message;
            transient = ex.Kind == AlloyErrorKind.Unreachable || ex.Kind == AlloyErrorKind.Server || ex.Kind == AlloyErrorKind.RateLimited;
        }
        if (stored != null)
        {
            OperationContext.Log.Write(LogLevel.Verbose, $"The action schema of {connectorId}/{actionId} could not be read again " +
                $"({why}); using the one kept in the sync state.");
            return (stored, false);
        }
        OperationContext.Log.Write(LogLevel.Verbose,
            $"No usable action schema for {connectorId}/{actionId} ({why}): its requests go out as built, without checking them " +
                "against a schema.");
        return (null, transient);
    }

    /// <summary>The stored schema, and whether it is recent enough to use without asking Alloy.</summary>
    private (ActionSchema? Schema, bool Fresh) FromStore(string connectorId, string actionId)
    {
        var text = Options.SchemaStore?.Load(connectorId, actionId);
        if (text == null || text.Length == 0) return (null, false);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var answer = JsonRead.Property(root, "schema");
            var readAt = JsonRead.Date(root, "readAt");
            if (answer == null || readAt == null) return (null, false);
            var schema = ActionSchema.TryParse(connectorId, actionId, answer.Value);
            if (schema != null) schema.StoredValue = text;
            return (schema, schema != null && Options.Clock.UtcNow - readAt.Value < StoredSchemaLifetime);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }

    /// <summary>{"readAt": ..., "schema": {...}}: the value kept under schema/&lt;connector&gt;/&lt;action&gt;.</summary>
    private string StoredValue(ActionSchema schema)
    {
        if (schema.StoredValue != null) return schema.StoredValue;
        var value = new JsonObject
        {
            ["readAt"] = Options.Clock.UtcNow.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["schema"] = JsonNode.Parse(schema.Json),
        };
        return schema.StoredValue = value.ToJsonString();
    }

    /// <summary>The execute body: shaped by the schema when this client builds from schemas and one is known.</summary>
    private async Task<JsonObject> BuildExecuteBodyAsync(string connectorId, string actionId, ActionRequest request, CancellationToken ct)
    {
        if (!Options.BuildFromActionSchemas || request.SendAsGiven) return request.ToJson();
        var schema = await GetActionSchemaAsync(connectorId, actionId, ct).ConfigureAwait(false);
        if (schema == null) return request.ToJson();
        var shaped = ActionRequestShaper.Shape(request, schema);
        var log = OperationContext.Log;
        if (shaped.Undeclared.Count > 0)
            log.Write(LogLevel.Verbose, $"{connectorId}/{actionId}: left out {string.Join(", ", shaped.Undeclared)}, which the action's " +
                "schema does not declare.");
        if (shaped.AlloysOwn.Count > 0)
            log.Write(LogLevel.Verbose, $"{connectorId}/{actionId}: left out {string.Join(", ", shaped.AlloysOwn)}, which Alloy fills in " +
                "from the credential.");
        if (shaped.Moved.Count > 0)
            log.Write(LogLevel.Debug, $"{connectorId}/{actionId}: {string.Join(", ", shaped.Moved)}, as the action's schema says.");
        return shaped.Body;
    }
}
