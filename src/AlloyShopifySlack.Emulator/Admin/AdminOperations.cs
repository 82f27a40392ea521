using AlloyShopifySlack.Emulator.Shopify;

namespace AlloyShopifySlack.Emulator.Admin;

internal static class SlackAdmin
{
    /// <summary>Messages of one channel (or all), oldest first, with metadata: what the workspace really holds.</summary>
    public static JsonObject Messages(EmulatorState state, string? channel)
    {
        var messages = string.IsNullOrEmpty(channel) ? state.Slack.AllMessages()
            : state.Slack.Messages(state.Slack.FindChannel(channel)?.Id ?? channel);
        return new JsonObject
        {
            ["channel"] = channel,
            ["count"] = messages.Count,
            ["messages"] = new JsonArray(messages.Select(m =>
            {
                var json = m.ToJson(state.Slack.Identity, includeMetadata: true);
                json["channel"] = m.Channel;
                json["updateCount"] = m.UpdateCount;
                return (JsonNode)json;
            }).ToArray()),
        };
    }

    public static JsonObject AddChannel(EmulatorState state, JsonObject body)
    {
        var id = (string?)body["id"] ?? throw new BadHttpRequestException("id is required");
        var channel = state.Slack.AddChannel(id, (string?)body["name"] ?? id.ToLowerInvariant(), (bool?)body["isMember"] ?? true);
        return new JsonObject { ["id"] = channel.Id, ["name"] = channel.Name, ["isMember"] = channel.IsMember };
    }
}

internal static class ShopifyAdmin
{
    private static decimal? Decimal(JsonNode? node) =>
        node is JsonValue value ? decimal.Parse(value.ToJsonString().Trim('"'), NumberStyles.Number, CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// {count, createdAt?, total?, customerName?, customerEmail?, guest?, test?, cancelled?, tags?, presentmentCurrency?,
    /// presentmentTotal?, financialStatus?, lineItems?[{name, quantity, unitPrice}]}: adds generated orders, a second apart.
    /// </summary>
    public static JsonObject AddOrders(EmulatorState state, JsonObject body)
    {
        var count = (int?)body["count"] ?? 1;
        DateTimeOffset? createdAt = body["createdAt"] is JsonValue at && at.TryGetValue<string>(out var text)
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;
        var overrides = new OrderOverrides
        {
            Total = Decimal(body["total"]),
            CustomerName = (string?)body["customerName"],
            CustomerEmail = (string?)body["customerEmail"],
            Guest = (bool?)body["guest"] ?? false,
            Test = (bool?)body["test"],
            Cancelled = (bool?)body["cancelled"],
            Tags = (body["tags"] as JsonArray)?.Select(t => (string)t!).ToList(),
            PresentmentCurrency = (string?)body["presentmentCurrency"],
            PresentmentTotal = Decimal(body["presentmentTotal"]),
            FinancialStatus = (string?)body["financialStatus"],
            LineItems = (body["lineItems"] as JsonArray)?.Select(i => new EmulatedLineItem(
                (string?)i!["name"] ?? "Item", (int?)i["quantity"] ?? 1, Decimal(i["unitPrice"]) ?? 1m)).ToList(),
        };
        var added = state.Shopify.AddGenerated(count, createdAt, overrides: overrides);
        return new JsonObject
        {
            ["added"] = added.Count,
            ["orders"] = new JsonArray(added.Select(o => (JsonNode)new JsonObject
            {
                ["id"] = o.Id, ["name"] = o.Name, ["createdAt"] = EmulatedOrder.Time(o.CreatedAt), ["total"] = EmulatedOrder.Money(o.Total),
            }).ToArray()),
            ["count"] = state.Shopify.Count,
        };
    }
}

internal static class ClockAdmin
{
    public static JsonObject Describe(EmulatorState state) => new()
    {
        ["now"] = state.Clock.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["frozen"] = state.Clock.IsFrozen,
    };

    /// <summary>{now?, advanceSeconds?, freeze?}.</summary>
    public static JsonObject Change(EmulatorState state, JsonObject body)
    {
        if ((bool?)body["freeze"] == true) state.Clock.Freeze();
        if ((bool?)body["freeze"] == false) state.Clock.Unfreeze();
        if (body["now"] is JsonValue now && now.TryGetValue<string>(out var text))
            state.Clock.Set(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        if (body["advanceSeconds"] is JsonValue advance) state.Clock.Advance(TimeSpan.FromSeconds((double)advance));
        return Describe(state);
    }
}

internal static class ConfigAdmin
{
    public static JsonObject Describe(EmulatorState state) => new()
    {
        ["slackRateLimit"] = state.Slack.RateLimitEnabled,
        ["slackMessagesPerSecond"] = state.Slack.MessagesPerSecond,
        ["slackBurst"] = state.Slack.Burst,
        ["slackWorkspacePerMinute"] = state.Slack.WorkspaceMessagesPerMinute,
        ["latencyMs"] = state.LatencyMs,
        ["cursorPassthrough"] = state.Shopify.CursorPassthrough,
        ["shopifyThrottling"] = state.Shopify.Bucket.Enabled,
        ["shopifyRestoreRate"] = state.Shopify.Bucket.RestoreRate,
        ["shopifyMaximumAvailable"] = state.Shopify.Bucket.MaximumAvailable,
        ["shopifyMaxQueryCost"] = state.Shopify.MaxQueryCost,
        ["shopifyCostRefusalStatus"] = state.Shopify.CostRefusalStatus,
        ["ignoreAfterCursor"] = state.Shopify.IgnoreAfterCursor,
    };

    /// <summary>Changes run-time knobs; the names are those <see cref="Describe"/> shows.</summary>
    public static JsonObject Change(EmulatorState state, JsonObject body)
    {
        if ((bool?)body["slackRateLimit"] is { } rateLimit) state.Slack.RateLimitEnabled = rateLimit;
        if ((double?)body["slackMessagesPerSecond"] is { } rate) state.Slack.MessagesPerSecond = rate;
        if ((int?)body["slackBurst"] is { } burst) state.Slack.Burst = burst;
        // null or 0 lifts the workspace limit.
        if (body.ContainsKey("slackWorkspacePerMinute"))
            state.Slack.WorkspaceMessagesPerMinute = (int?)body["slackWorkspacePerMinute"] > 0
                ? (int?)body["slackWorkspacePerMinute"] : null;
        if ((int?)body["latencyMs"] is { } latency) state.LatencyMs = latency;
        if ((bool?)body["cursorPassthrough"] is { } cursors) state.Shopify.CursorPassthrough = cursors;
        if ((bool?)body["shopifyThrottling"] is { } throttling) state.Shopify.Bucket.Enabled = throttling;
        if ((double?)body["shopifyRestoreRate"] is { } restore) state.Shopify.Bucket.RestoreRate = restore;
        if ((double?)body["shopifyMaximumAvailable"] is { } maximum) state.Shopify.Bucket.MaximumAvailable = maximum;
        // null or 0 lifts the cap.
        if (body.ContainsKey("shopifyMaxQueryCost")) state.Shopify.MaxQueryCost =
            (int?)body["shopifyMaxQueryCost"] > 0 ? (int?)body["shopifyMaxQueryCost"] : null;
        if ((int?)body["shopifyCostRefusalStatus"] is { } refusal) state.Shopify.CostRefusalStatus = refusal;
        if ((bool?)body["ignoreAfterCursor"] is { } ignoreAfter) state.Shopify.IgnoreAfterCursor = ignoreAfter;
        return Describe(state);
    }
}
