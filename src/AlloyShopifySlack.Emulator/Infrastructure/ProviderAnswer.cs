using System.Text.Json.Nodes;

namespace AlloyShopifySlack.Emulator.Infrastructure;

/// <summary>
/// What a fake provider (Shopify, Slack, Sheets) answered to one action. The execute endpoint wraps it in Alloy's
/// envelope, unless it is a rate limit, which goes out as the provider's own HTTP 429.
/// </summary>
public sealed record ProviderAnswer(JsonNode Body)
{
    /// <summary>A failure reported inside the body (Slack ok:false, GraphQL errors): HTTP 200 by default.</summary>
    public bool IsProviderError { get; init; }

    /// <summary>Set for a 429: the answer is sent raw with this status and Retry-After.</summary>
    public int? RateLimitStatus { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public static ProviderAnswer Ok(JsonNode body) => new(body);

    public static ProviderAnswer Error(JsonNode body) => new(body) { IsProviderError = true };
}
