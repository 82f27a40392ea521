namespace AlloyShopifySlack.Alloy;

/// <summary>Where an execute request carries a parameter: the buckets of Alloy's execute body.</summary>
public enum ParameterBucket { Query, Path, Body, Header }

/// <summary>
/// Which bucket each parameter of an action belongs in, read from GET /connectors/{c}/actions/{a}
/// (<c>parameters[].in</c> for query, path and header parameters, <c>requestBody.properties</c> for the body).
/// <see cref="Json"/> is the answer as read, so that it can be kept (the sync state) and read back later.
/// </summary>
public sealed class ActionSchema
{
    private readonly Dictionary<string, List<ParameterBucket>> _buckets;

    private ActionSchema(string connectorId, string actionId, Dictionary<string, List<ParameterBucket>> buckets, bool openBody, string json)
    {
        ConnectorId = connectorId;
        ActionId = actionId;
        _buckets = buckets;
        OpenBody = openBody;
        Json = json;
    }

    public string ConnectorId { get; }
    public string ActionId { get; }
    /// <summary>The schema answer as JSON text.</summary>
    public string Json { get; }
    /// <summary>The body schema lists no properties (or allows others): any body field may go.</summary>
    public bool OpenBody { get; }

    /// <summary>The value kept in a schema store (with the time it was read), once made or loaded.</summary>
    internal string? StoredValue { get; set; }

    /// <summary>The fact name under which the sync state keeps this schema.</summary>
    public static string FactName(string connectorId, string actionId) => $"schema/{connectorId}/{actionId}";

    /// <summary>The buckets the schema names for <paramref name="name"/>, in the order it declares them; empty when undeclared.</summary>
    public IReadOnlyList<ParameterBucket> BucketsOf(string name) =>
        _buckets.TryGetValue(name, out var buckets) ? buckets : (IReadOnlyList<ParameterBucket>)Array.Empty<ParameterBucket>();

    public bool Declares(string name) => _buckets.ContainsKey(name);

    /// <summary>Reads a schema answer (<c>{action:{...}}</c> or the action itself); null when it is not an action schema.</summary>
    public static ActionSchema? TryParse(string connectorId, string actionId, JsonElement answer)
    {
        var action = JsonRead.Property(answer, "action") ?? answer;
        if (action.ValueKind != JsonValueKind.Object) return null;
        var parameters = JsonRead.Property(action, "parameters");
        var body = JsonRead.Property(action, "requestBody");
        if (parameters == null && body == null) return null;
        if (parameters != null && parameters.Value.ValueKind != JsonValueKind.Array) return null;
        if (body != null && body.Value.ValueKind != JsonValueKind.Object) return null;

        var buckets = new Dictionary<string, List<ParameterBucket>>(StringComparer.Ordinal);
        foreach (var parameter in JsonRead.Array(parameters))
        {
            var name = JsonRead.String(parameter, "name");
            var bucket = BucketOf(JsonRead.String(parameter, "in"));
            if (string.IsNullOrEmpty(name) || bucket == null) continue;
            Add(buckets, name!, bucket.Value);
        }
        var openBody = false;
        if (body != null)
        {
            // A requestBody wrapped the OpenAPI way: {content: {"application/json": {schema: {...}}}}.
            var schema = JsonRead.Path(body.Value, "content", "application/json", "schema") ?? body.Value;
            var properties = JsonRead.Property(schema, "properties");
            if (properties != null && properties.Value.ValueKind == JsonValueKind.Object)
                foreach (var property in properties.Value.EnumerateObject()) Add(buckets, property.Name, ParameterBucket.Body);
            openBody = properties == null || JsonRead.Bool(schema, "additionalProperties") == true;
        }
        return new ActionSchema(connectorId, actionId, buckets, openBody, answer.GetRawText());
    }

    /// <summary>Reads schema JSON kept earlier; null when it is not valid JSON or not a schema.</summary>
    public static ActionSchema? TryParse(string connectorId, string actionId, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return TryParse(connectorId, actionId, document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ParameterBucket? BucketOf(string? location) => (location ?? "query").ToLowerInvariant() switch
    {
        "query" => ParameterBucket.Query,
        "path" => ParameterBucket.Path,
        "header" => ParameterBucket.Header,
        // Swagger 2 (which Slack's published spec is) puts form and body fields here.
        "body" => ParameterBucket.Body,
        "formdata" => ParameterBucket.Body,
        _ => null,
    };

    private static void Add(Dictionary<string, List<ParameterBucket>> buckets, string name, ParameterBucket bucket)
    {
        if (!buckets.TryGetValue(name, out var list)) buckets[name] = list = new List<ParameterBucket>();
        if (!list.Contains(bucket)) list.Add(bucket);
    }

    public override string ToString() => $"{ConnectorId}/{ActionId}: " + string.Join(", ",
        _buckets.Select(b => $"{b.Key} ({string.Join("/", b.Value)})"));
}
