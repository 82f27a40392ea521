namespace AlloyShopifySlack.Emulator.Infrastructure;

/// <summary>
/// What a fake provider (Shopify, Slack, Sheets) answered to one action. The execute endpoint wraps it in Alloy's
/// envelope, unless it is a rate limit, which goes out as the provider's own HTTP 429. Large answers (order pages)
/// come as JSON text built from cached pieces; <see cref="Body"/> parses it only when someone asks.
/// </summary>
public sealed class ProviderAnswer
{
    private JsonNode? _body;
    private readonly string? _text;

    public ProviderAnswer(JsonNode body) => _body = body;

    private ProviderAnswer(string text) => _text = text;

    public JsonNode Body => _body ??= JsonNode.Parse(_text!)!;

    /// <summary>The answer as JSON text.</summary>
    public string Text => _text ?? _body!.ToJsonString(Reply.JsonOptions);

    /// <summary>A failure reported inside the body (Slack ok:false, GraphQL errors): HTTP 200 by default.</summary>
    public bool IsProviderError { get; init; }

    /// <summary>For a provider error: the HTTP status Alloy relays it with, instead of <see
    /// cref="EmulatorOptions.ProviderErrorStatus"/>.</summary>
    public int? ErrorStatus { get; init; }

    /// <summary>Set for a 429: the answer is sent raw with this status and Retry-After.</summary>
    public int? RateLimitStatus { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public static ProviderAnswer Ok(JsonNode body) => new(body);

    public static ProviderAnswer OkText(string json) => new(json);

    public static ProviderAnswer Error(JsonNode body) => new(body) { IsProviderError = true };
}
