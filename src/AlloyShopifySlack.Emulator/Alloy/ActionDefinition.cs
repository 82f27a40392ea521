namespace AlloyShopifySlack.Emulator.Alloy;

/// <param name="In">query, path, header or body.</param>
/// <param name="Unpublished">
/// Not in the provider's published spec that Alloy's schemas copy (Slack's OpenAPI has no <c>metadata</c> and no
/// <c>include_all_metadata</c>): declared only in the lenient profile, dropped when undeclared parameters are dropped.
/// </param>
public sealed record ActionParameter(string Name, string In, string Type, bool Required, string Description, bool Unpublished = false);

/// <summary>One action as Alloy describes it; <see cref="Parameters"/> are the query, path and header ones.</summary>
public sealed record ActionDefinition(
    string ConnectorId, string Id, string DisplayName, string Description, string HttpMethod, string Path,
    IReadOnlyList<ActionParameter> Parameters, IReadOnlyList<ActionParameter> BodyProperties)
{
    public IEnumerable<string> RequiredBody => BodyProperties.Where(p => p.Required).Select(p => p.Name);

    /// <summary>The action as Alloy declares it: without the unpublished parameters when <paramref name="publishedOnly"/>.</summary>
    public ActionDefinition Declared(bool publishedOnly) => publishedOnly
        ? this with { Parameters = Parameters.Where(p => !p.Unpublished).ToList(),
            BodyProperties = BodyProperties.Where(p => !p.Unpublished).ToList() }
        : this;

    /// <summary>Removes from the buckets what this action does not declare (what Alloy is feared to do); returns the names
    /// dropped.</summary>
    public IReadOnlyList<string> DropUndeclared(JsonObject query, JsonObject requestBody, JsonObject? pathParams = null)
    {
        var dropped = new List<string>();
        Drop(query, "query", "queryParameters", dropped);
        if (pathParams != null) Drop(pathParams, "path", "pathParams", dropped);
        foreach (var name in requestBody.Select(p => p.Key).ToList())
            if (!BodyProperties.Any(p => p.Name == name)) { requestBody.Remove(name); dropped.Add("requestBody." + name); }
        return dropped;
    }

    private void Drop(JsonObject bucket, string location, string bucketName, List<string> dropped)
    {
        foreach (var name in bucket.Select(p => p.Key).ToList())
            if (!Parameters.Any(p => p.Name == name && p.In == location)) { bucket.Remove(name); dropped.Add(bucketName + "." + name); }
    }

    /// <summary>"queryParameters.x", "pathParams.y", "requestBody.z" for each required parameter that is blank.</summary>
    public IReadOnlyList<string> MissingRequired(JsonObject query, JsonObject pathParams, JsonObject requestBody,
        Func<string, bool> bodyExempt)
    {
        bool Blank(JsonNode? node) => node == null || (node is JsonValue v && v.TryGetValue<string>(out var s) && string.IsNullOrEmpty(s));
        return Parameters.Where(p => p.Required && p.In == "query" && Blank(query[p.Name])).Select(p => "queryParameters." + p.Name)
            .Concat(Parameters.Where(p => p.Required && p.In == "path" && Blank(pathParams[p.Name])).Select(p => "pathParams." + p.Name))
            .Concat(RequiredBody.Where(name => Blank(requestBody[name]) && !bodyExempt(name)).Select(name => "requestBody." + name))
            .ToList();
    }

    public JsonObject ToSchema()
    {
        var properties = new JsonObject();
        foreach (var p in BodyProperties) properties[p.Name] = new JsonObject { ["type"] = p.Type, ["description"] = p.Description };
        var action = new JsonObject
        {
            ["id"] = Id,
            ["displayName"] = DisplayName,
            ["description"] = Description,
            ["httpMethod"] = HttpMethod,
            ["path"] = Path,
            ["parameters"] = new JsonArray(Parameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name,
                ["in"] = p.In,
                ["description"] = p.Description,
                ["required"] = p.Required,
                ["schema"] = new JsonObject { ["type"] = p.Type },
            }).ToArray()),
        };
        if (BodyProperties.Count > 0)
        {
            action["requestBody"] = new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray(RequiredBody.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
                ["properties"] = properties,
            };
        }
        return new JsonObject { ["action"] = action };
    }
}
