using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Shopify;

/// <summary>The requested cost of a listOrders query, and Shopify's refusals: THROTTLED, MAX_COST_EXCEEDED, bad input.</summary>
public sealed partial class ShopifyStore
{
    /// <summary>
    /// The requested cost, as Shopify computes it before running: a connection costs 2 plus <c>first</c> times what
    /// one of its items asks for. The connector's query reads, per order, the order and its customer (1 point each)
    /// and a <c>lineItems(first: k)</c> connection whose items cost 1 point each, so
    /// <c>orders(first: N)</c> costs 2 + N × (k + 2). With k = 10 (the default <see cref="EmulatorOptions.ShopifyLineItemsCostEstimate"/>)
    /// a page of 250 costs 3002, Shopify's own example, and at most 83 orders fit under 1,000 points.
    /// </summary>
    public double RequestedCost(int first) => 2 + first * (2.0 + _options.ShopifyLineItemsCostEstimate);

    /// <summary>Shopify's refusal of a query over the single-query limit (nothing ran, nothing was charged).</summary>
    private ProviderAnswer CostRefused(double requested, int maxCost)
    {
        var cost = (int)Math.Ceiling(requested);
        var body = new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject
            {
                ["message"] = $"Query cost is {cost}, which exceeds the single query max cost limit ({maxCost}).",
                ["extensions"] = new JsonObject { ["code"] = "MAX_COST_EXCEEDED", ["cost"] = cost, ["maxCost"] = maxCost },
            }),
        };
        return new ProviderAnswer(body) { IsProviderError = true, ErrorStatus = CostRefusalStatus };
    }

    private ProviderAnswer Throttled(double requested)
    {
        var body = new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject
            {
                ["message"] = "Throttled",
                ["extensions"] = new JsonObject { ["code"] = "THROTTLED", ["documentation"] = "https://shopify.dev/api/usage/rate-limits" },
            }),
            ["extensions"] = new JsonObject { ["cost"] = Bucket.CostNode(requested, null) },
        };
        if (!_options.ShopifyThrottleAs429) return ProviderAnswer.Error(body);
        var wait = Math.Ceiling(Math.Max(1, (requested - Bucket.CurrentlyAvailable) / Math.Max(Bucket.RestoreRate, 0.001)));
        return new ProviderAnswer(body) { RateLimitStatus = 429, RetryAfter = TimeSpan.FromSeconds(wait) };
    }

    private static ProviderAnswer GraphQlError(string message, string code) => ProviderAnswer.Error(new JsonObject
    {
        ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["extensions"] = new JsonObject { ["code"] = code } }),
    });

    internal static int? ReadInt(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<long>(out var l) && l is >= int.MinValue and <= int.MaxValue => (int)l,
        JsonValue v when v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue => (int)d,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture,
            out var p) => p,
        _ => null,
    };

    internal static string? ReadString(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    internal static bool? ReadBool(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) && bool.TryParse(s, out var p) => p,
        _ => null,
    };
}
