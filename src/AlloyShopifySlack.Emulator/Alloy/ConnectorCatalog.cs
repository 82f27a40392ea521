namespace AlloyShopifySlack.Emulator.Alloy;

/// <summary>
/// The connectors and actions the product uses, with schemas shaped like Alloy's action details. Google Sheets is
/// kept under <see cref="Sheets"/> here and appears under <see cref="EmulatorOptions.SheetsConnectorId"/> outside.
/// </summary>
public static class ConnectorCatalog
{
    /// <summary>The catalog's own name for Google Sheets, whatever id the options give it.</summary>
    public const string Sheets = "googlesheets";

    private static readonly IReadOnlyList<(string Id, string Name)> Catalog = new[]
    {
        ("shopify", "Shopify"), ("slack", "Slack"), (Sheets, "Google Sheets"),
    };

    private static ActionParameter P(string name, string type, string description) => new(name, "path", type, true, description);
    private static ActionParameter Q(string name, string type, bool required, string description, bool unpublished = false) =>
        new(name, "query", type, required, description, unpublished);
    private static ActionParameter B(string name, string type, bool required, string description, bool unpublished = false) =>
        new(name, "body", type, required, description, unpublished);
    private static readonly ActionParameter Token = new("token", "header", "string", false,
        "Authentication token, filled in by Alloy from the credential.");

    private static readonly IReadOnlyList<ActionDefinition> Actions = new[]
    {
        new ActionDefinition("shopify", "listOrders", "List Orders", "Returns a page of orders (GraphQL orders connection).", "post",
            "/admin/api/2025-01/graphql.json",
            new[]
            {
                Q("first", "integer", true, "Number of orders to return (1-250)."),
                Q("after", "string", false, "Cursor: return orders after this one (pageInfo.endCursor)."),
                Q("query", "string", false, "Shopify search syntax, e.g. created_at:>='2024-01-15T00:00:00Z'."),
                Q("sortKey", "string", false, "OrderSortKeys value, e.g. CREATED_AT."),
                Q("reverse", "boolean", false, "Reverse the order of the list."),
            }, Array.Empty<ActionParameter>()),
        new ActionDefinition("shopify", "getShop", "Get Shop", "Returns the shop's name, domain and currency.", "post",
            "/admin/api/2025-01/graphql.json",
            Array.Empty<ActionParameter>(), Array.Empty<ActionParameter>()),
        new ActionDefinition("shopify", "tagsAdd", "Add Tags", "Adds tags to an order, customer, product or article (tagsAdd mutation).",
            "post", "/admin/api/2025-01/graphql.json",
            Array.Empty<ActionParameter>(),
            new[] { B("id", "string", true, "The gid of the resource."), B("tags", "array", true,
                "Tags to add (array or comma-separated string).") }),
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
        new ActionDefinition("slack", "conversations_history", "Conversation History",
            "Fetches a conversation's history of messages and events.", "get", "/conversations.history",
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
        new ActionDefinition("slack", "conversations_replies", "Conversation Replies",
            "Retrieve a thread of messages posted to a conversation.", "get", "/conversations.replies",
            new[]
            {
                Token,
                Q("channel", "string", true, "Conversation ID to fetch thread from."),
                Q("ts", "string", true, "Unique identifier of a thread's parent message."),
                Q("limit", "integer", false, "Maximum number of items to return."),
                Q("cursor", "string", false, "Paginate through collections of data (response_metadata.next_cursor)."),
                Q("oldest", "string", false, "Only messages after this Unix timestamp."),
                Q("latest", "string", false, "Only messages before this Unix timestamp."),
                Q("inclusive", "boolean", false, "Include messages with oldest or latest timestamps."),
                Q("include_all_metadata", "boolean", false, "Return all metadata associated with this message.", unpublished: true),
            }, Array.Empty<ActionParameter>()),
        new ActionDefinition("slack", "chat_getPermalink", "Get Permalink", "Retrieve a permalink URL for a specific extant message.",
            "get", "/chat.getPermalink",
            new[]
            {
                Token,
                Q("channel", "string", true, "The ID of the conversation or channel containing the message."),
                Q("message_ts", "string", true, "A message's ts value, uniquely identifying it within a channel."),
            }, Array.Empty<ActionParameter>()),
        new ActionDefinition("slack", "chat_postEphemeral", "Post Ephemeral", "Sends an ephemeral message to a user in a channel.", "post",
            "/chat.postEphemeral",
            new[] { Token },
            new[]
            {
                B("channel", "string", true, "Channel, private group, or IM channel to send message to."),
                B("user", "string", true, "id of the user who will receive the ephemeral message."),
                B("text", "string", true, "The formatted text of the message."),
                B("blocks", "array", false, "A JSON-based array of structured blocks."),
                B("thread_ts", "string", false, "Provide another message's ts value to post this message in a thread."),
            }),
        new ActionDefinition("slack", "conversations_list", "List Conversations", "Lists all channels in a Slack team.", "get",
            "/conversations.list",
            new[]
            {
                Token,
                Q("types", "string", false, "Comma-separated channel types (public_channel, private_channel, mpim, im)."),
                Q("exclude_archived", "boolean", false, "Exclude archived channels."),
                Q("limit", "integer", false, "Maximum number of items to return (default 100, under 1000)."),
                Q("cursor", "string", false, "Paginate through collections of data."),
            }, Array.Empty<ActionParameter>()),
        new ActionDefinition("slack", "conversations_info", "Conversation Info", "Retrieve information about a conversation.", "get",
            "/conversations.info",
            new[]
            {
                Token,
                Q("channel", "string", true, "Conversation ID to learn more about."),
                Q("include_locale", "boolean", false, "Set this to true to receive the locale for this conversation."),
                Q("include_num_members", "boolean", false, "Set to true to include the member count for the specified conversation."),
            }, Array.Empty<ActionParameter>()),
        new ActionDefinition(Sheets, "appendRow", "Append Row", "Appends values after the last row of the table in a range " +
            "(spreadsheets.values.append).", "post", "/v4/spreadsheets/{spreadsheetId}/values/{range}:append",
            Array.Empty<ActionParameter>(),
            new[]
            {
                B("spreadsheetId", "string", true, "The ID of the spreadsheet."),
                B("range", "string", true, "The A1 notation of a range to search for a table, e.g. Sheet1!A:E."),
                B("values", "array", true, "Rows of values to append."),
                B("valueInputOption", "string", false, "RAW or USER_ENTERED."),
            }),
    };

    /// <summary>appendRow in Google's own shape (spreadsheets.values.append): ids in the path, valueInputOption required.</summary>
    private static readonly ActionDefinition GoogleShapedAppendRow = new(Sheets, "appendRow", "Append Row",
        "Appends values after the last row of the table in a range (spreadsheets.values.append).", "post",
            "/v4/spreadsheets/{spreadsheetId}/values/{range}:append",
        new[]
        {
            P("spreadsheetId", "string", "The ID of the spreadsheet to update."),
            P("range", "string", "The A1 notation of a range to search for a logical table of data, e.g. Sheet1!A:E."),
            Q("valueInputOption", "string", true, "How the input data should be interpreted: RAW or USER_ENTERED."),
            Q("insertDataOption", "string", false, "How the input data should be inserted: OVERWRITE or INSERT_ROWS."),
        },
        new[]
        {
            B("values", "array", true, "The data that was read or to be written: an array of rows, each an array of values."),
            B("majorDimension", "string", false, "ROWS (the default) or COLUMNS."),
        });

    /// <summary>The connectors as listed by GET /connectors.</summary>
    public static IReadOnlyList<(string Id, string Name)> Connectors(EmulatorOptions options) =>
        Catalog.Select(c => c.Id == Sheets ? (options.SheetsConnectorId, c.Name) : c).ToList();

    /// <summary>The catalog's id for a connector id as the options spell it; null when there is no such connector.</summary>
    public static string? Canonical(EmulatorOptions options, string connectorId)
    {
        if (connectorId == options.SheetsConnectorId) return Sheets;
        return connectorId != Sheets && Catalog.Any(c => c.Id == connectorId) ? connectorId : null;
    }

    public static bool IsConnector(EmulatorOptions options, string connectorId) => Canonical(options, connectorId) != null;

    /// <summary>For display: "Google Sheets" for any spelling of its id.</summary>
    public static string DisplayName(string connectorId) =>
        Catalog.FirstOrDefault(c => string.Equals(c.Id, connectorId, StringComparison.OrdinalIgnoreCase)).Name ?? connectorId;

    /// <summary>The actions as this profile declares them, under the connector id the options give.</summary>
    public static IEnumerable<ActionDefinition> ActionsOf(EmulatorOptions options, string connectorId)
    {
        var canonical = Canonical(options, connectorId);
        return Actions.Where(a => a.ConnectorId == canonical).Select(a => Shape(options, a, connectorId));
    }

    public static ActionDefinition? Find(EmulatorOptions options, string connectorId, string actionId) =>
        ActionsOf(options, connectorId).FirstOrDefault(a => a.Id == actionId);

    private static ActionDefinition Shape(EmulatorOptions options, ActionDefinition action, string connectorId)
    {
        if (action.ConnectorId == Sheets && action.Id == "appendRow" && options.SheetsGoogleShapedAppend) action = GoogleShapedAppendRow;
        return action.Declared(options.DropUndeclaredParameters) with { ConnectorId = connectorId };
    }
}
