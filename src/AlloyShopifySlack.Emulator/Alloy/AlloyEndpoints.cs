using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Alloy;

/// <summary>The Connectivity API's users, connectors and actions (docs/api-facts.md) plus execute.</summary>
public static class AlloyEndpoints
{
    public static void Map(IEndpointRouteBuilder app, RequestPipeline pipeline)
    {
        app.MapPost("/users", pipeline.Handle(CreateUser));
        app.MapGet("/users", pipeline.Handle(ListUsers));
        app.MapGet("/users/{userId}", pipeline.Handle(GetUser));
        app.MapDelete("/users/{userId}", pipeline.Handle(DeleteUser));
        app.MapGet("/connectors", pipeline.Handle(ListConnectors));
        app.MapGet("/connectors/{connectorId}/resources", pipeline.Handle(
            r => ConnectorOr404(r, _ => Reply.Json(new JsonObject { ["resources"] = new JsonArray() }))));
        app.MapGet("/connectors/{connectorId}/actions", pipeline.Handle(r => ConnectorOr404(r, ListActions)));
        app.MapGet("/connectors/{connectorId}/actions/{actionId}", pipeline.Handle(r => ConnectorOr404(r, GetAction)));
        app.MapPost("/connectors/{connectorId}/actions/{actionId}/execute", pipeline.Handle(ExecuteEndpoint.Execute));
        CredentialEndpoints.Map(app, pipeline);
    }

    private static Reply CreateUser(ApiRequest request)
    {
        var username = (string?)request.BodyObject["username"];
        if (string.IsNullOrWhiteSpace(username)) return Reply.Message(400, "username is required");
        var user = request.State.Directory.AddUser(username, (string?)request.BodyObject["fullName"]);
        if (user == null) return Reply.Message(409, $"A user with username '{username}' already exists");
        return Reply.Json(new JsonObject { ["userId"] = user.UserId });
    }

    private static Reply ListUsers(ApiRequest request) => Reply.Json(new JsonObject
    {
        ["data"] = new JsonArray(request.State.Directory.Users.Select(u => (JsonNode)UserJson(u)).ToArray()),
    });

    private static Reply GetUser(ApiRequest request)
    {
        var user = request.State.Directory.FindUser(request.Route("userId"));
        return user == null ? Reply.Message(404, "User not found") : Reply.Json(UserJson(user));
    }

    private static Reply DeleteUser(ApiRequest request)
    {
        var user = request.State.Directory.FindUser(request.Route("userId"));
        if (user == null) return Reply.Message(404, "User not found");
        request.State.Directory.RemoveUser(user.UserId);
        return Reply.Json(new JsonObject { ["success"] = true });
    }

    private static JsonObject UserJson(EmulatedUser user)
    {
        var json = new JsonObject { ["userId"] = user.UserId };
        if (user.Username != null) json["username"] = user.Username;
        json["fullName"] = user.FullName;
        return json;
    }

    private static Reply ListConnectors(ApiRequest request) => Reply.Json(new JsonObject
    {
        ["connectors"] = new JsonArray(ConnectorCatalog.Connectors(request.State.Options).Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.Id,
            ["name"] = c.Name,
        }).ToArray()),
    });

    private static Reply ConnectorOr404(ApiRequest request, Func<ApiRequest, Reply> then)
    {
        var connectorId = request.Route("connectorId")!;
        return ConnectorCatalog.IsConnector(request.State.Options, connectorId) ? then(request)
            : Reply.Message(404, $"Connector '{connectorId}' not found");
    }

    private static Reply ListActions(ApiRequest request) => Reply.Json(new JsonObject
    {
        ["actions"] = new JsonArray(ConnectorCatalog.ActionsOf(request.State.Options, request.Route("connectorId")!).Select(
            a => (JsonNode)new JsonObject
        {
            ["id"] = a.Id,
            ["displayName"] = a.DisplayName,
            ["description"] = a.Description,
        }).ToArray()),
    });

    private static Reply GetAction(ApiRequest request)
    {
        var connectorId = request.Route("connectorId")!;
        var actionId = request.Route("actionId")!;
        var action = ConnectorCatalog.Find(request.State.Options, connectorId, actionId);
        return action == null
            ? Reply.Message(404, $"Action '{actionId}' not found for connector '{connectorId}'")
            : Reply.Json(action.ToSchema());
    }

    internal static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
        CultureInfo.InvariantCulture);
}
