using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Alloy;

/// <summary>Credential metadata, creation (hosted OAuth), the three listings and the two delete routes (docs/api-facts.md).</summary>
public static class CredentialEndpoints
{
    public static void Map(IEndpointRouteBuilder app, RequestPipeline pipeline)
    {
        app.MapGet("/connectors/{connectorId}/credentials/metadata", pipeline.Handle(Metadata));
        app.MapPost("/connectors/{connectorId}/credentials", pipeline.Handle(Create));
        app.MapGet("/connectors/{connectorId}/credentials", pipeline.Handle(ListForConnector));
        app.MapGet("/users/{userId}/credentials", pipeline.Handle(ListForUser));
        app.MapGet("/credentials/users/{userId}", pipeline.Handle(ListEmbedded));
        app.MapDelete("/users/{userId}/credentials/{credentialId}", pipeline.Handle(DeleteForUser));
        app.MapDelete("/connectors/{connectorId}/credentials/{credentialId}", pipeline.Handle(DeleteForConnector));
    }

    private static Reply Metadata(ApiRequest request)
    {
        var connectorId = request.Route("connectorId")!;
        if (!ConnectorCatalog.IsConnector(request.State.Options, connectorId)) return Reply.Message(
            404, $"Connector '{connectorId}' not found");
        var properties = new JsonObject
        {
            ["userId"] = new JsonObject { ["type"] = "string" },
            ["authenticationType"] = new JsonObject { ["type"] = "string", ["const"] = "oauth2" },
            ["redirectUri"] = new JsonObject { ["type"] = "string", ["format"] = "uri" },
        };
        var required = new JsonArray("userId", "authenticationType", "redirectUri");
        var sample = new JsonObject { ["userId"] = request.State.Tenant.UserId, ["authenticationType"] = "oauth2",
            ["redirectUri"] = "https://example.com" };
        if (connectorId == "shopify")
        {
            var field = StoreField(request.State.Options.ShopifyStoreField);
            var fieldSchema = new JsonObject { ["type"] = "string", ["description"] =
                "The store's myshopify subdomain, e.g. my-store for my-store.myshopify.com." };
            if (field.InData)
            {
                properties["data"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject { [field.Name] = fieldSchema },
                    ["required"] = new JsonArray(field.Name),
                };
                required.Add("data");
                sample["data"] = new JsonObject { [field.Name] = request.State.Tenant.StoreDomain };
            }
            else
            {
                properties[field.Name] = fieldSchema;
                required.Add(field.Name);
                sample[field.Name] = request.State.Tenant.StoreDomain;
            }
        }
        return Reply.Json(new JsonObject
        {
            ["metadata"] = new JsonArray(new JsonObject
            {
                ["authenticationType"] = "oauth2",
                ["authConfigRequired"] = false,
                ["inputSchema"] = new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required },
                ["sampleInput"] = sample,
            }),
        });
    }

    internal static (string Name, bool InData) StoreField(ShopifyStoreField option) => option switch
    {
        ShopifyStoreField.DataSubdomain => ("subdomain", true),
        ShopifyStoreField.ShopSubdomain => ("shopSubdomain", false),
        _ => ("shopName", true),
    };

    private static Reply Create(ApiRequest request)
    {
        var state = request.State;
        var connectorId = request.Route("connectorId")!;
        if (!ConnectorCatalog.IsConnector(request.State.Options, connectorId)) return Reply.Message(
            404, $"Connector '{connectorId}' not found");
        var body = request.BodyObject;
        var userId = (string?)body["userId"] ?? request.UserIdHeader;
        if (string.IsNullOrEmpty(userId)) return Reply.Message(400, "userId is required");
        var user = state.Directory.FindUser(userId);
        if (user == null) return Reply.Message(404, $"User '{userId}' not found");
        var authType = (string?)body["authenticationType"];
        if (string.IsNullOrEmpty(authType)) return Reply.Message(400, "authenticationType is required");
        if (authType != "oauth2") return Reply.Message(400, $"authenticationType '{authType}' is not supported " +
            $"by {connectorId}; use oauth2");
        var redirectUri = (string?)body["redirectUri"];
        if (string.IsNullOrEmpty(redirectUri)) return Reply.Message(400, "redirectUri is required for oauth2");
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var redirect) || (redirect.Scheme != "http" && redirect.Scheme != "https"))
            return Reply.Message(400, "redirectUri must be an absolute http(s) URI");
        if (connectorId == "shopify")
        {
            var field = StoreField(state.Options.ShopifyStoreField);
            var value = field.InData ? (string?)body["data"]?[field.Name] : (string?)body[field.Name];
            if (string.IsNullOrWhiteSpace(
                value)) return Reply.Message(400, $"{(field.InData ? "data." : string.Empty)}{field.Name} is required");
        }
        var consent = state.Consents.Start(user.UserId, connectorId, redirectUri, state.Clock.UtcNow);
        return Reply.Json(new JsonObject { ["oauthUrl"] = $"{request.BaseUrl}/_emulator/oauth/authorize?state={consent.State}" });
    }

    private static Reply ListForConnector(ApiRequest request)
    {
        var connectorId = request.Route("connectorId")!;
        if (!ConnectorCatalog.IsConnector(request.State.Options, connectorId)) return Reply.Message(
            404, $"Connector '{connectorId}' not found");
        var userId = request.UserIdHeader;
        if (userId == null && request.State.Options.RequireUserIdHeader) return Reply.Message(400,
            "The x-alloy-userid header is required to list credentials.");
        var user = request.State.Directory.FindUser(userId ?? request.State.Tenant.UserId);
        if (user == null) return Reply.Message(404, $"User '{userId}' not found");
        return Listing(request, CredentialListVariant.ConnectorCredentials, "credentials",
            request.State.Directory.CredentialsOf(user.UserId, connectorId));
    }

    private static Reply ListForUser(ApiRequest request)
    {
        var user = request.State.Directory.FindUser(request.Route("userId"));
        if (user == null) return Reply.Message(404, "User not found");
        var connectorId = request.Query("connectorId");
        return Listing(request, CredentialListVariant.UserCredentials, "data",
            request.State.Directory.CredentialsOf(user.UserId, string.IsNullOrEmpty(connectorId) ? null : connectorId));
    }

    private static Reply ListEmbedded(ApiRequest request)
    {
        var user = request.State.Directory.FindUser(request.Route("userId"));
        if (user == null) return Reply.Message(404, "User not found");
        return Listing(request, CredentialListVariant.EmbeddedUserCredentials, "data", request.State.Directory.CredentialsOf(user.UserId));
    }

    private static Reply Listing(ApiRequest request, CredentialListVariant variant, string key,
        IReadOnlyList<EmulatedCredential> credentials)
    {
        var options = request.State.Options;
        if (options.CredentialListVariant != CredentialListVariant.All && options.CredentialListVariant != variant)
        {
            if (options.OtherCredentialListings == DisabledListingBehavior.NotFound) return Reply.Message(404, "Not Found");
            credentials = Array.Empty<EmulatedCredential>();
        }
        return Reply.Json(new JsonObject
        {
            [key] = new JsonArray(credentials.Select(c => (JsonNode)new JsonObject
            {
                ["credentialId"] = c.CredentialId,
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["createdAt"] = AlloyEndpoints.Time(c.CreatedAt),
                ["updatedAt"] = AlloyEndpoints.Time(c.UpdatedAt),
            }).ToArray()),
        });
    }

    private static Reply DeleteForUser(ApiRequest request)
    {
        if (request.State.Options.CredentialDeleteRoutes == CredentialDeleteRoutes.ConnectorRoute) return Reply.Message(404, "Not Found");
        var user = request.State.Directory.FindUser(request.Route("userId"));
        if (user == null) return Reply.Message(404, "User not found");
        return Delete(request, user, null);
    }

    /// <summary>DELETE /connectors/{c}/credentials/{id}: the user comes from x-alloy-userid, as for the connector's listing.</summary>
    private static Reply DeleteForConnector(ApiRequest request)
    {
        var options = request.State.Options;
        if (options.CredentialDeleteRoutes == CredentialDeleteRoutes.UserRoute) return Reply.Message(404, "Not Found");
        var connectorId = request.Route("connectorId")!;
        if (!ConnectorCatalog.IsConnector(options, connectorId)) return Reply.Message(404, $"Connector '{connectorId}' not found");
        var userId = request.UserIdHeader;
        if (userId == null && options.RequireUserIdHeader) return Reply.Message(400,
            "The x-alloy-userid header is required to delete credentials.");
        var user = request.State.Directory.FindUser(userId ?? request.State.Tenant.UserId);
        if (user == null) return Reply.Message(404, $"User '{userId}' not found");
        return Delete(request, user, connectorId);
    }

    private static Reply Delete(ApiRequest request, EmulatedUser user, string? connectorId)
    {
        var credentialId = request.Route("credentialId")!;
        var credential = request.State.Directory.FindCredential(credentialId);
        var belongs = credential != null && credential.UserId == user.UserId
            && (connectorId == null || string.Equals(credential.ConnectorId, connectorId, StringComparison.OrdinalIgnoreCase));
        return belongs && request.State.Directory.RemoveCredential(user.UserId, credentialId)
            ? Reply.Json(new JsonObject { ["success"] = true })
            : Reply.Message(404, "Credential not found");
    }
}
