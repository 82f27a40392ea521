using System.Net;
using AlloyShopifySlack.Emulator.Infrastructure;
using AlloyShopifySlack.Emulator.Shopify;
using AlloyShopifySlack.Emulator.Slack;

namespace AlloyShopifySlack.Emulator.Admin;

/// <summary>
/// Test hooks under /_emulator/: read what Slack and Sheets received, add orders, inject faults, move the clock,
/// change knobs, reset. No key needed; only loopback callers are served.
/// </summary>
public static class AdminEndpoints
{
    internal static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Encoder = Reply.JsonOptions.Encoder };

    public static void Map(IEndpointRouteBuilder app, EmulatorState state, ClickSimulator clicks)
    {
        var admin = app.MapGroup("/_emulator").AddEndpointFilter(async (context, next) =>
        {
            var remote = context.HttpContext.Connection.RemoteIpAddress;
            if (remote != null && !IPAddress.IsLoopback(remote)) return Results.StatusCode(403);
            try { return await next(context); }
            catch (Exception ex) when (ex is BadHttpRequestException or FormatException or InvalidOperationException or JsonException)
            {
                return Error(ex is InvalidOperationException ? 409 : 400, ex.Message);
            }
        });

        admin.MapGet("/tenant", () => Json(JsonSerializer.SerializeToNode(state.Tenant, Web)));
        admin.MapPost("/tenants", (JsonObject body) =>
        {
            var username = (string?)body["username"] ?? throw new BadHttpRequestException("username is required");
            return Json(JsonSerializer.SerializeToNode(state.AddTenant(username, (string?)body["fullName"]), Web));
        });
        admin.MapPost("/reset", () => { state.Reset(); return Json(new JsonObject { ["reset"] = true }); });
        admin.MapGet("/stats", () => Json(Stats(state)));

        admin.MapGet("/slack/messages", (string? channel) => Json(SlackAdmin.Messages(state, channel)));
        admin.MapPost("/slack/channels", (JsonObject body) => Json(SlackAdmin.AddChannel(state, body)));
        admin.MapPost("/slack/click", async (JsonObject body, CancellationToken ct) =>
            Json((await clicks.ClickAsync(ClickRequest.From(body), ct)).ToJson()));
        admin.MapGet("/sheets/rows", (string? spreadsheetId, string? sheet) => Json(new JsonObject
        {
            ["spreadsheetId"] = spreadsheetId ?? state.Tenant.SpreadsheetId,
            ["rows"] = JsonSerializer.SerializeToNode(state.Sheets.Rows(spreadsheetId ?? state.Tenant.SpreadsheetId, sheet), Web),
        }));

        admin.MapGet("/shopify/orders", () => Json(new JsonObject { ["count"] = state.Shopify.Count }));
        admin.MapPost("/shopify/orders", (JsonObject body) => Json(ShopifyAdmin.AddOrders(state, body)));
        LifecycleAdmin.Map(admin, state);

        admin.MapGet("/faults", () => Json(JsonSerializer.SerializeToNode(state.Faults.Rules, Web)));
        admin.MapPost("/faults", (JsonNode body) => Json(AddFaults(state, body)));
        admin.MapDelete("/faults", () => { state.Faults.Clear(); return Json(new JsonObject { ["cleared"] = true }); });
        admin.MapDelete("/faults/{id}", (string id) => Json(new JsonObject { ["removed"] = state.Faults.Remove(id) }));

        admin.MapGet("/clock", () => Json(ClockAdmin.Describe(state)));
        admin.MapPost("/clock", (JsonObject body) => Json(ClockAdmin.Change(state, body)));
        admin.MapPost("/config", (JsonObject body) => Json(ConfigAdmin.Change(state, body)));
        admin.MapGet("/config", () => Json(ConfigAdmin.Describe(state)));
    }

    private static IResult Error(int status, string message) =>
        Results.Text(new JsonObject { ["message"] = message }.ToJsonString(Reply.JsonOptions), "application/json; charset=utf-8",
            statusCode: status);

    private static IResult Json(JsonNode? node) => Results.Text(node?.ToJsonString(Reply.JsonOptions) ?? "null",
        "application/json; charset=utf-8");

    private static JsonNode AddFaults(EmulatorState state, JsonNode body)
    {
        var rules = body is JsonArray array
            ? array.Select(n => n.Deserialize<FaultRule>(Web)!).ToList()
            : new List<FaultRule> { body.Deserialize<FaultRule>(Web)! };
        foreach (var rule in rules) state.Faults.Add(rule);
        return JsonSerializer.SerializeToNode(rules, Web)!;
    }

    private static JsonObject Stats(EmulatorState state)
    {
        var messages = new JsonObject();
        foreach (var channel in state.Slack.Channels)
        {
            var count = state.Slack.Messages(channel.Id).Count;
            if (count > 0) messages[channel.Id] = count;
        }
        return new JsonObject
        {
            ["requests"] = JsonSerializer.SerializeToNode(state.Counters.Snapshot(), Web),
            ["orders"] = state.Shopify.Count,
            ["slackMessages"] = messages,
            ["shopifyCurrentlyAvailable"] = Math.Floor(state.Shopify.Bucket.CurrentlyAvailable),
            ["pendingConsents"] = state.Consents.Pending.Count,
            ["credentials"] = state.Directory.Credentials.Count,
            ["now"] = EmulatedOrder.Time(state.Clock.UtcNow),
        };
    }
}
