using AlloyShopifySlack.Emulator.Infrastructure;
using AlloyShopifySlack.Emulator.Shopify;

namespace AlloyShopifySlack.Emulator.Admin;

/// <summary>
/// What happens after an alert, by hand: an order cancelled, refunded, edited or fulfilled in the Shopify admin;
/// a Slack message deleted or posted again; the ephemeral messages users saw.
/// </summary>
internal static class LifecycleAdmin
{
    public static void Map(RouteGroupBuilder admin, EmulatorState state)
    {
        // POST /_emulator/shopify/orders/{#1001|1001|gid}/{cancel|refund|edit|fulfill} {amount?, total?, refund?}
        admin.MapPost("/shopify/orders/{order}/{change}", (string order, string change, JsonObject? body) =>
        {
            if (!Enum.TryParse<OrderChangeKind>(change, ignoreCase: true, out var kind) || int.TryParse(change, out _))
                return Error(400, $"Unknown change '{change}': use cancel, refund, edit or fulfill.");
            var reference = Uri.UnescapeDataString(order);
            if (state.Shopify.Resolve(reference) == null) return Error(404, $"The store has no order '{reference}'.");
            var amount = Decimal(body?["amount"] ?? body?["total"]);
            var changed = state.Shopify.Change(reference, kind, amount, (bool?)body?["refund"] ?? true);
            return Json(Describe(changed));
        });

        admin.MapDelete("/slack/messages", (string channel, string ts) =>
        {
            var id = state.Slack.FindChannel(channel)?.Id ?? channel;
            return state.Slack.Delete(id, ts) ? Json(new JsonObject { ["deleted"] = true }) : Error(404, $"No message {ts} in {channel}.");
        });
        admin.MapPost("/slack/messages/repost", (JsonObject body) =>
        {
            var channel = (string?)body["channel"] ?? throw new BadHttpRequestException("channel is required");
            var ts = (string?)body["ts"] ?? throw new BadHttpRequestException("ts is required");
            var copy = state.Slack.Repost(state.Slack.FindChannel(channel)?.Id ?? channel, ts);
            return copy == null ? Error(404, $"No message {ts} in {channel}.")
                : Json(new JsonObject { ["channel"] = copy.Channel, ["ts"] = copy.Ts });
        });
        admin.MapGet("/slack/ephemeral", () => Json(new JsonArray(state.Slack.EphemeralMessages.Select(m => (JsonNode)new JsonObject
        {
            ["channel"] = m.Channel, ["user"] = m.User, ["ts"] = m.Ts, ["text"] = m.Text,
        }).ToArray())));
    }

    public static JsonObject Describe(EmulatedOrder order) => new()
    {
        ["id"] = order.Id,
        ["name"] = order.Name,
        ["total"] = EmulatedOrder.Money(order.Total),
        ["totalRefunded"] = EmulatedOrder.Money(order.TotalRefunded),
        ["financialStatus"] = order.FinancialStatus,
        ["fulfillmentStatus"] = order.FulfillmentStatus,
        ["cancelledAt"] = order.CancelledAt is { } at ? EmulatedOrder.Time(at) : null,
        ["updatedAt"] = EmulatedOrder.Time(order.UpdatedAt),
    };

    private static decimal? Decimal(JsonNode? node) =>
        node is JsonValue value ? decimal.Parse(value.ToJsonString().Trim('"'), NumberStyles.Number, CultureInfo.InvariantCulture) : null;

    private static IResult Error(int status, string message) =>
        Results.Text(new JsonObject { ["message"] = message }.ToJsonString(Reply.JsonOptions), "application/json; charset=utf-8",
            statusCode: status);

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(Reply.JsonOptions), "application/json; charset=utf-8");
}
