namespace AlloyShopifySlack.Alloy;

/// <summary>An Alloy user: one tenant (merchant). Type name AlloyShopifySlack.AlloyUser.</summary>
public sealed class AlloyUser
{
    public string UserId { get; set; } = string.Empty;
    public string? Username { get; set; }
    public string? FullName { get; set; }
    public override string ToString() => Username ?? UserId;
}

/// <summary>Type name AlloyShopifySlack.AlloyCredential. Only the officially documented fields.</summary>
public sealed class AlloyCredential
{
    public string CredentialId { get; set; } = string.Empty;
    /// <summary>The connector, from the listing endpoint or derived from <see cref="Type"/> ("slack-oauth2" → "slack").</summary>
    public string? ConnectorId { get; set; }
    public string? Name { get; set; }
    public string? Type { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public override string ToString() => CredentialId;
}

public sealed class AlloyConnector
{
    public string Id { get; set; } = string.Empty;
    /// <summary>The same as <see cref="Id"/>, so that a piped connector binds to -ConnectorId.</summary>
    public string ConnectorId => Id;
    public string? Name { get; set; }
    /// <summary>Every field the API returned (icons, categories ... are unconfirmed, so kept raw).</summary>
    public JsonElement Raw { get; set; }
    public override string ToString() => Id;
}

public sealed class AlloyActionParameter
{
    public string Name { get; set; } = string.Empty;
    /// <summary>query, path, header or body.</summary>
    public string In { get; set; } = string.Empty;
    public bool Required { get; set; }
    public string? Description { get; set; }
    public override string ToString() => $"{Name} ({In}{(Required ? ", required" : string.Empty)})";
}

public sealed class AlloyAction
{
    public string ConnectorId { get; set; } = string.Empty;
    public string Id { get; set; } = string.Empty;
    /// <summary>The same as <see cref="Id"/>, so that a piped action binds to -ActionId.</summary>
    public string ActionId => Id;
    public string? DisplayName { get; set; }
    public string? Description { get; set; }
    public string? HttpMethod { get; set; }
    public string? Path { get; set; }
    /// <summary>Null when only the summary (from the action list) is known.</summary>
    public IReadOnlyList<AlloyActionParameter>? Parameters { get; set; }
    public JsonElement Raw { get; set; }
    public override string ToString() => Id;
}

public sealed class AlloyCredentialMetadata
{
    public string ConnectorId { get; set; } = string.Empty;
    public string AuthenticationType { get; set; } = string.Empty;
    public bool AuthConfigRequired { get; set; }
    /// <summary>The JSON schema of the create-credential body.</summary>
    public JsonElement InputSchema { get; set; }
    public JsonElement SampleInput { get; set; }
    public IReadOnlyList<string> RequiredFields { get; set; } = Array.Empty<string>();

    /// <summary>The fields of <see cref="InputSchema"/>, nested ones dotted ("data.subdomain"), for display.</summary>
    public IReadOnlyList<string> InputFields
    {
        get
        {
            var fields = new List<string>();
            AddFields(InputSchema, string.Empty, fields, 0);
            return fields;
        }
    }

    private static void AddFields(JsonElement schema, string prefix, List<string> fields, int depth)
    {
        if (depth > 4 || schema.ValueKind != JsonValueKind.Object) return;
        var properties = JsonRead.Property(schema, "properties");
        if (properties == null || properties.Value.ValueKind != JsonValueKind.Object) return;
        foreach (var property in properties.Value.EnumerateObject())
        {
            var name = prefix + property.Name;
            if (JsonRead.Property(property.Value, "properties") != null) AddFields(property.Value, name + ".", fields, depth + 1);
            else fields.Add(name);
        }
    }

    public override string ToString() => $"{ConnectorId} {AuthenticationType}";
}

/// <summary>The answer to a create-credential request: an OAuth consent URL, or (non-OAuth) the credential id.</summary>
public sealed class CredentialCreation
{
    public string? OAuthUrl { get; set; }
    public string? CredentialId { get; set; }
    public JsonElement Raw { get; set; }
}

/// <summary>
/// The buckets of an execute request. With a connection's client, each parameter goes where the action's schema
/// names it, whichever bucket it was given in (see <see cref="AlloyClientOptions.BuildFromActionSchemas"/>).
/// </summary>
public sealed class ActionRequest
{
    public ActionRequest(string credentialId) { CredentialId = credentialId; }

    public string CredentialId { get; }
    public JsonObject? QueryParameters { get; set; }
    public JsonNode? RequestBody { get; set; }
    public JsonObject? PathParams { get; set; }
    public JsonObject? AdditionalHeaders { get; set; }

    /// <summary>
    /// True for reads (listOrders, getShop, auth_test, conversations_history): safe to retry after a 5xx or a
    /// timeout. False (the default) for anything that changes the world: never retried blindly.
    /// </summary>
    public bool Idempotent { get; set; }

    /// <summary>
    /// The caller owns rate limits: an HTTP 429 is raised at once (<see cref="AlloyRateLimitException"/> with the
    /// server's Retry-After) instead of being waited out and sent again here. Slack calls set it: SlackClient paces
    /// each channel and is the one place that decides to wait and resend.
    /// </summary>
    public bool ReportRateLimits { get; set; }

    /// <summary>Send the buckets exactly as given, without the action schema (Invoke-AlloyAction: the user's own request).</summary>
    public bool SendAsGiven { get; set; }

    internal JsonObject ToJson()
    {
        var body = new JsonObject { ["credentialId"] = CredentialId };
        if (QueryParameters != null) body["queryParameters"] = QueryParameters.DeepClone();
        if (RequestBody != null) body["requestBody"] = RequestBody.DeepClone();
        if (PathParams != null) body["pathParams"] = PathParams.DeepClone();
        if (AdditionalHeaders != null) body["additionalHeaders"] = AdditionalHeaders.DeepClone();
        return body;
    }
}
