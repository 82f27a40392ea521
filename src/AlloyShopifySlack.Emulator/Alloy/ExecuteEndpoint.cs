using AlloyShopifySlack.Emulator.Infrastructure;
using AlloyShopifySlack.Emulator.Slack;

namespace AlloyShopifySlack.Emulator.Alloy;

/// <summary>POST /connectors/{c}/actions/{a}/execute: checks the call as Alloy would, runs the fake provider, wraps its answer.</summary>
public static class ExecuteEndpoint
{
    public static Reply Execute(ApiRequest request)
    {
        var state = request.State;
        var connectorId = request.Route("connectorId")!;
        var actionId = request.Route("actionId")!;
        var canonical = ConnectorCatalog.Canonical(state.Options, connectorId);
        if (canonical == null) return Reply.Message(404, $"Connector '{connectorId}' not found");
        var action = ConnectorCatalog.Find(state.Options, connectorId, actionId);
        if (action == null) return Reply.Message(404, $"Action '{actionId}' not found for connector '{connectorId}'");

        var userId = request.UserIdHeader;
        if (userId == null && state.Options.RequireUserIdHeader) return Reply.Message(400,
            "The x-alloy-userid header is required to execute actions.");
        var user = userId == null ? null : state.Directory.FindUser(userId);
        if (userId != null && user == null) return Reply.Message(404, $"User '{userId}' not found");

        var body = request.BodyObject;
        var credentialId = SlackWorkspace.Str(body["credentialId"]);
        if (string.IsNullOrEmpty(credentialId)) return Reply.Message(400, "credentialId is required");
        if (!Ids.IsObjectId(credentialId)) return Reply.Message(400, "credentialId must be a valid ObjectId");
        var credential = state.Directory.FindCredential(credentialId);
        if (credential == null || (user != null && credential.UserId != user.UserId)) return Reply.Message(
            404, $"Credential '{credentialId}' not found");
        if (!string.Equals(credential.ConnectorId, connectorId, StringComparison.OrdinalIgnoreCase))
            return Reply.Message(400, $"Credential '{credentialId}' belongs to connector '{credential.ConnectorId}', not '{connectorId}'");

        var query = body["queryParameters"] as JsonObject ?? new JsonObject();
        var requestBody = body["requestBody"] as JsonObject ?? new JsonObject();
        var pathParams = body["pathParams"] as JsonObject ?? new JsonObject();
        if (state.Options.DropUndeclaredParameters) action.DropUndeclared(query, requestBody, pathParams);
        if (state.Options.ValidateRequiredParameters)
        {
            // Slack posts a message with blocks and no text (the guide's own example); text is then only the fallback.
            var missing = action.MissingRequired(query, pathParams, requestBody,
                name => canonical == "slack" && name == "text" && requestBody["blocks"] is JsonArray);
            if (missing.Count > 0)
            {
                return Reply.Json(new JsonObject
                {
                    ["message"] = $"Missing required parameters for {connectorId}/{actionId}: {string.Join(", ", missing)}",
                    ["missing"] = new JsonArray(missing.Select(m => (JsonNode)JsonValue.Create(m)!).ToArray()),
                }, 400);
            }
        }

        var channel = SlackWorkspace.Str(requestBody["channel"] ?? query["channel"]);
        var slackFault = connectorId == "slack" ? state.Faults.Fire($"{connectorId}/{actionId}", channel, FaultKind.SlackError)
            .FirstOrDefault() : null;
        var answer = slackFault != null
            ? SlackWorkspace.Fail(slackFault.SlackError ?? "fatal_error")
            : Run(state, canonical, actionId, query, requestBody, pathParams);
        return Wrap(state, answer);
    }

    private static ProviderAnswer Run(EmulatorState state, string connectorId, string actionId, JsonObject query, JsonObject requestBody,
        JsonObject pathParams) =>
        (connectorId, actionId) switch
        {
            ("shopify", "listOrders") => state.Shopify.ListOrders(Merge(query, requestBody)),
            ("shopify", "getShop") => state.Shopify.GetShop(),
            ("shopify", "tagsAdd") => state.Shopify.TagsAdd(Merge(requestBody, query)),
            ("slack", "chat_postMessage") => state.Slack.PostMessage(requestBody),
            ("slack", "chat_update") => state.Slack.Update(requestBody),
            ("slack", "auth_test") => state.Slack.AuthTest(),
            ("slack", "conversations_history") => state.Slack.History(Merge(query, requestBody)),
            ("slack", "conversations_list") => state.Slack.List(Merge(query, requestBody)),
            ("slack", "conversations_info") => state.Slack.Info(Merge(query, requestBody)),
            ("slack", "conversations_replies") => state.Slack.ConversationReplies(Merge(query, requestBody)),
            ("slack", "chat_getPermalink") => state.Slack.Permalink(Merge(query, requestBody)),
            ("slack", "chat_postEphemeral") => state.Slack.PostEphemeral(requestBody),
            (ConnectorCatalog.Sheets, "appendRow") => state.Sheets.Append(Merge(pathParams, Merge(query, requestBody)),
                state.Options.SheetsGoogleShapedAppend),
            _ => ProviderAnswer.Error(new JsonObject { ["error"] = "not_implemented" }),
        };

    /// <summary>Parameters may come in either bucket; the first wins.</summary>
    private static JsonObject Merge(JsonObject primary, JsonObject secondary)
    {
        var merged = (JsonObject)secondary.DeepClone();
        foreach (var (key, value) in primary) merged[key] = value?.DeepClone();
        return merged;
    }

    /// <summary>The envelope is written around the provider's JSON text, which is never copied into a new tree.</summary>
    private static Reply Wrap(EmulatorState state, ProviderAnswer answer)
    {
        if (answer.RateLimitStatus is { } limitStatus)
        {
            var limited = new Reply { Status = limitStatus, Text = answer.Text };
            if (answer.RetryAfter is { } wait) limited.Headers["Retry-After"] =
                Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return limited;
        }
        var errorStatus = answer.ErrorStatus ?? state.Options.ProviderErrorStatus;
        if (answer.IsProviderError && errorStatus != 200)
        {
            return new Reply { Status = errorStatus, Text = $"{{\"message\":\"The connector returned an " +
                $"error\",\"error\":{answer.Text}}}" };
        }
        var text = state.Options.Envelope == ExecuteEnvelopeKind.ResponseData
            ? $"{{\"executionId\":\"exec_{Ids.NewToken()[..20]}\",\"status\":\"completed\",\"responseData\":{answer.Text}}}"
            : $"{{\"success\":true,\"result\":{answer.Text}}}";
        return new Reply { Text = text };
    }
}
