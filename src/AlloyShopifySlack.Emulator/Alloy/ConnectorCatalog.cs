using System.Text.Json.Nodes;

namespace AlloyShopifySlack.Emulator.Alloy;

/// <param name="Unpublished">
/// Not in the provider's published spec that Alloy's schemas copy (Slack's OpenAPI has no <c>metadata</c> and no
/// <c>include_all_metadata</c>): declared only in the lenient profile, dropped when undeclared parameters are dropped.
/// </param>
public sealed record ActionParameter(string Name, string In, string Type, bool Required, string Description, bool Unpublished = false);

public sealed record ActionDefinition(
    string ConnectorId, string Id, string DisplayName, string Description, string HttpMethod, string Path,
    IReadOnlyList<ActionParameter> Parameters, IReadOnlyList<ActionParameter> BodyProperties)
{
    public IEnumerable<string> RequiredBody => BodyProperties.Where(p => p.Required).Select(p => p.Name);

    /// <summary>The action as Alloy declares it: without the unpublished parameters when <paramref name="publishedOnly"/>.</summary>
    public ActionDefinition Declared(bool publishedOnly) => publishedOnly
        ? this with { Parameters = Parameters.Where(p => !p.Unpublished).ToList(), BodyProperties = BodyProperties.Where(p => !p.Unpublished).ToList() }
        : this;

    /// <summary>Removes from the buckets what this action does not declare (what Alloy is feared to do); returns the names dropped.</summary>
    public IReadOnlyList<string> DropUndeclared(JsonObject query, JsonObject requestBody)
    {
        var dropped = new List<string>();
        foreach (var name in query.Select(p => p.Key).ToList())
            if (!Parameters.Any(p => p.Name == name && p.In == "query")) { query.Remove(name); dropped.Add("queryParameters." + name); }
        foreach (var name in requestBody.Select(p => p.Key).ToList())
            if (!BodyProperties.Any(p => p.Name == name)) { requestBody.Remove(name); dropped.Add("requestBody." + name); }
        return dropped;
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

/// <summary>The connectors and actions the product uses, with schemas shaped like Alloy's action details.</summary>
public static class ConnectorCatalog
{
    public static readonly IReadOnlyList<(string Id, string Name)> Connectors = new[]
    {
        ("shopify", "Shopify"), ("slack", "Slack"), ("googlesheets", "Google Sheets"),
    };

    private static ActionParameter Q(string name, string type, bool required, string description, bool unpublished = false) =>
        new(name, "query", type, required, description, unpublished);
    private static ActionParameter B(string name, string type, bool required, string description, bool unpublished = false) =>
        new(name, "body", type, required, description, unpublished);
    private static readonly ActionParameter Token = new("token", "header", "string", false, "Authentication token, filled in by Alloy from the credential.");

    public static readonly IReadOnlyList<ActionDefinition> Actions = new[]
    {
        new ActionDefinition("shopify", "listOrders", "List Orders", "Returns a page of orders (GraphQL orders connection).", "post", "/admin/api/2025-01/graphql.json",
            new[]
            {
                Q("first", "integer", true, "Number of orders to return (1-250)."),
                Q("after", "string", false, "Cursor: return orders after this one (pageInfo.endCursor)."),
                Q("query", "string", false, "Shopify search syntax, e.g. created_at:>='2024-01-15T00:00:00Z'."),
                Q("sortKey", "string", false, "OrderSortKeys value, e.g. CREATED_AT."),
                Q("reverse", "boolean", false, "Reverse the order of the list."),
            }, Array.Empty<ActionParameter>()),
        new ActionDefinition("shopify", "getShop", "Get Shop", "Returns the shop's name, domain and currency.", "post", "/admin/api/2025-01/graphql.json",
            Array.Empty<ActionParameter>(), Array.Empty<ActionParameter>()),
        new ActionDefinition("shopify", "tagsAdd", "Add Tags", "Adds tags to an order, customer, product or article (tagsAdd mutation).", "post", "/admin/api/2025-01/graphql.json",
            Array.Empty<ActionParameter>(),
            new[] { B("id", "string", true, "The gid of the resource."), B("tags", "array", true, "Tags to add (array or comma-separated string).") }),
        new ActionDefinition("slack", "chat_postMessage", "Post Message", "Sends a message to a channel.", "post", "/chat.postMessage",
            new[] { Token },
            new[]
            {
                B("channel", "string", true, "Channel, private group, or IM channel to send message to."),
                B("text", "string", true, "The formatted text of the message; the fallback when blocks are used."),
                B("blocks", "array", false, "A JSON-based array of structured blocks."),
                B("metadata", "object", false, "JSON object with event_type and event_payload fields.", unpublished: true),
                B("thread_ts", "string", false, "Provide another message's ts value to make this message a reply."),
                B("unfurl_links", "boolean", false, "Enable unfurling of primarily text-based content."),
                B("unfurl_media", "boolean", false, "Disable unfurling of media content."),
            }),
        new ActionDefinition("slack", "chat_update", "Update Message", "Updates a message.", "post", "/chat.update",
            new[] { Token },
            new[]
            {
                B("channel", "string", true, "Channel containing the message to be updated."),
                B("ts", "string", true, "Timestamp of the message to be updated."),
                B("text", "string", false, "New text for the message."),
                B("blocks", "array", false, "A JSON-based array of structured blocks."),
                B("metadata", "object", false, "JSON object with event_type and event_payload fields.", unpublished: true),
            }),
        new ActionDefinition("slack", "auth_test", "Auth Test", "Checks authentication and tells you who you are.", "post", "/auth.test",
            new[] { Token }, Array.Empty<ActionParameter>()),
        new ActionDefinition("slack", "conversations_history", "Conversation History", "Fetches a conversation's history of messages and events.", "get", "/conversations.history",
            new[]
            {
                Token,
                Q("channel", "string", true, "Conversation ID to fetch history for."),
                Q("limit", "integer", false, "Maximum number of items to return (default 100, max 999)."),
                Q("cursor", "string", false, "Paginate through collections of data (response_metadata.next_cursor)."),
                Q("oldest", "string", false, "Only messages after this Unix timestamp."),
                Q("latest", "string", false, "Only messages before this Unix timestamp."),
                Q("inclusive", "boolean", false, "Include messages with oldest or latest timestamps."),
                Q("include_all_metadata", "boolean", false, "Return all metadata associated with this message.", unpublished: true),
            }, Array.Empty<ActionParameter>()),
        new ActionDefinition("slack", "conversations_list", "List Conversations", "Lists all channels in a Slack team.", "get", "/conversations.list",
            new[]
            {
                Token,
                Q("types", "string", false, "Comma-separated channel types (public_channel, private_channel, mpim, im)."),
                Q("exclude_archived", "boolean", false, "Exclude archived channels."),
                Q("limit", "integer", false, "Maximum number of items to return (default 100, under 1000)."),
                Q("cursor", "string", false, "Paginate through collections of data."),
            }, Array.Empty<ActionParameter>()),
        new ActionDefinition("slack", "conversations_info", "Conversation Info", "Retrieve information about a conversation.", "get", "/conversations.info",
            new[]
            {
                Token,
                Q("channel", "string", true, "Conversation ID to learn more about."),
                Q("include_locale", "boolean", false, "Set this to true to receive the locale for this conversation."),
                Q("include_num_members", "boolean", false, "Set to true to include the member count for the specified conversation."),
            }, Array.Empty<ActionParameter>()),
        new ActionDefinition("googlesheets", "appendRow", "Append Row", "Appends values after the last row of the table in a range (spreadsheets.values.append).", "post", "/v4/spreadsheets/{spreadsheetId}/values/{range}:append",
            Array.Empty<ActionParameter>(),
            new[]
            {
                B("spreadsheetId", "string", true, "The ID of the spreadsheet."),
                B("range", "string", true, "The A1 notation of a range to search for a table, e.g. Sheet1!A:E."),
                B("values", "array", true, "Rows of values to append."),
                B("valueInputOption", "string", false, "RAW or USER_ENTERED."),
            }),
    };

    public static bool IsConnector(string connectorId) => Connectors.Any(c => c.Id == connectorId);

    public static string DisplayName(string connectorId) =>
        Connectors.FirstOrDefault(c => c.Id == connectorId).Name ?? connectorId;

    public static IEnumerable<ActionDefinition> ActionsOf(string connectorId) => Actions.Where(a => a.ConnectorId == connectorId);

    public static ActionDefinition? Find(string connectorId, string actionId) =>
        Actions.FirstOrDefault(a => a.ConnectorId == connectorId && a.Id == actionId);
}
