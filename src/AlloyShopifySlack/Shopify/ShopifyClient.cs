using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Shopify;

/// <summary>
/// Shopify through Alloy's Shopify connector: orders (streamed page by page), the shop, order tags. Honours
/// Shopify's cost throttle (THROTTLED inside an HTTP 200) by waiting as the bucket says; HTTP 429 is retried by
/// the Alloy client and reaches callers as <see cref="AlloyRateLimitException"/> when it persists.
/// </summary>
public sealed partial class ShopifyClient : IOrderTagger
{
    public const string ListOrdersAction = "listOrders";
    public const string GetShopAction = "getShop";
    public const string TagsAddAction = "tagsAdd";

    private readonly AlloyClient _client;
    private readonly IClock _clock;
    private readonly ShopifyCostBucket _bucket = new ShopifyCostBucket();
    private Task<ShopifyShop?>? _shopLookup;

    public ShopifyClient(AlloyClient client, string credentialId, string connectorId = "shopify", string? storeDomain = null,
        IClock? clock = null)
    {
        if (string.IsNullOrWhiteSpace(credentialId))
            throw new AlloyConfigurationException("ShopifyCredentialMissing",
                "No Shopify credential id. Pass -CredentialId, or set SHOPIFY_CREDENTIAL_ID (Connect-AlloyShopify creates one).");
        _client = client ?? throw new ArgumentNullException(nameof(client));
        CredentialId = credentialId;
        ConnectorId = string.IsNullOrWhiteSpace(connectorId) ? SettingNames.DefaultShopifyConnector : connectorId;
        StoreDomain = Shopify.StoreDomain.Normalize(storeDomain);
        _clock = clock ?? client.Options.Clock;
    }

    public string CredentialId { get; }
    public string ConnectorId { get; }
    /// <summary>The store's handle (my-store) when known: given, or learnt from getShop.</summary>
    public string? StoreDomain { get; private set; }
    /// <summary>When no store domain was given, ask getShop once so that orders carry admin links.</summary>
    public bool LookUpStoreDomain { get; set; } = true;
    /// <summary>How many THROTTLED answers in a row are waited out before giving up.</summary>
    public int MaxThrottleWaits { get; set; } = 10;

    public async Task<ShopifyShop> GetShopAsync(CancellationToken ct)
    {
        var answer = await ExecuteAsync(GetShopAction, new ActionRequest(CredentialId) { Idempotent = true }, "getShop", ct)
            .ConfigureAwait(false);
        ShopifyGraphQl.CheckErrors(answer, "shop", "getShop");
        var data = ShopifyGraphQl.Data(answer);
        var shop = (data == null ? null : JsonRead.Property(data.Value, "shop")) ?? data
            ?? throw new AlloyMalformedResponseException("The getShop answer has no shop.");
        var myshopify = JsonRead.String(shop, "myshopifyDomain");
        var result = new ShopifyShop
        {
            Name = JsonRead.String(shop, "name") ?? string.Empty,
            MyshopifyDomain = myshopify,
            Currency = JsonRead.String(shop, "currencyCode") ?? JsonRead.String(shop, "currency"),
            StoreDomain = Shopify.StoreDomain.Normalize(myshopify),
        };
        if (StoreDomain == null && result.StoreDomain != null) StoreDomain = result.StoreDomain;
        return result;
    }

    /// <summary>
    /// Adds tags to an order (tagsAdd). <paramref name="orderId"/> is the gid or its number. Shopify userErrors
    /// raise <see cref="ProviderException"/>. Adding a tag the order has is a no-op, so the call is safe to retry.
    /// </summary>
    public async Task AddTagsAsync(string orderId, IReadOnlyList<string> tags, CancellationToken ct)
    {
        var gid = OrderGid(orderId);
        var clean = (tags ?? throw new ArgumentNullException(nameof(tags))).Select(t => t?.Trim() ?? string.Empty).ToList();
        if (clean.Count == 0 || clean.Any(t => t.Length == 0)) throw new ArgumentException(
            "Give at least one tag, and no empty tags.", nameof(tags));
        var comma = clean.FirstOrDefault(t => t.Contains(","));
        if (comma != null) throw new ArgumentException($"The tag '{comma}' contains a comma, which Shopify reads as two tags; pass them " +
            "separately.", nameof(tags));

        var request = new ActionRequest(CredentialId)
        {
            RequestBody = new JsonObject { ["id"] = gid, ["tags"] = new JsonArray(
                clean.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()) },
            Idempotent = true,
        };
        var answer = await ExecuteAsync(TagsAddAction, request, $"tagsAdd on {gid}", ct).ConfigureAwait(false);
        ShopifyGraphQl.CheckErrors(answer, "tagsAdd", $"tagsAdd on {gid}");
        var data = ShopifyGraphQl.Data(answer);
        var payload = data == null ? null : JsonRead.Property(data.Value, "tagsAdd") ?? data;
        var userErrors = payload == null ? new List<JsonElement>() : JsonRead.Array(
            JsonRead.Property(payload.Value, "userErrors")).ToList();
        if (userErrors.Count > 0)
        {
            var messages = string.Join("; ", userErrors.Select(e =>
            {
                var field = JsonRead.Array(JsonRead.Property(e, "field")).Select(f => f.ToString()).ToList();
                var message = JsonRead.String(e, "message") ?? e.GetRawText();
                return field.Count == 0 ? message : $"{string.Join(".", field)}: {message}";
            }));
            var code = JsonRead.String(userErrors[0], "code") ?? "USER_ERROR";
            throw new ProviderException("Shopify", code, $"Shopify did not tag order {gid}: {messages}");
        }
    }

    /// <summary>gid://shopify/Order/123 from a gid or a bare number.</summary>
    public static string OrderGid(string orderId)
    {
        var text = orderId?.Trim() ?? string.Empty;
        if (text.StartsWith("gid://shopify/Order/", StringComparison.Ordinal) && text.Length > "gid://shopify/Order/".Length) return text;
        if (text.Length > 0 && text.All(char.IsDigit)) return "gid://shopify/Order/" + text;
        throw new ArgumentException($"'{orderId}' is not a Shopify order id (expected gid://shopify/Order/<number> or the number).",
            nameof(orderId));
    }

    /// <summary>Runs an action, waiting out Shopify's cost throttle (before, when the bucket says so, and after THROTTLED).</summary>
    private async Task<JsonElement> ExecuteAsync(string action, ActionRequest request, string what, CancellationToken ct)
    {
        for (var waits = 0; ; waits++)
        {
            // After a THROTTLED wait the server's numbers are already accounted for.
            var ahead = waits == 0 ? _bucket.WaitBeforeNext(_clock.UtcNow) : TimeSpan.Zero;
            if (ahead > TimeSpan.Zero)
            {
                await WaitAsync(ahead, $"for Shopify's cost bucket before {what}", ct).ConfigureAwait(false);
            }
            var answer = await _client.ExecuteAsync(ConnectorId, action, request, ct).ConfigureAwait(false);
            _bucket.Observe(answer, _clock.UtcNow);
            if (!ShopifyGraphQl.IsThrottled(answer, out var wait)) return answer;
            if (waits >= MaxThrottleWaits)
                throw new AlloyRateLimitException($"Shopify kept throttling {what} after {MaxThrottleWaits} waits. Try again later or " +
                    "with a smaller -PageSize.", wait);
            await WaitAsync(wait, $"for the cost bucket to refill: Shopify throttled {what}", ct).ConfigureAwait(false);
        }
    }

    /// <summary>Throttle waits can be ~10 s a page: said in -Verbose, and on the progress bar while they last, so it never looks
    /// stuck.</summary>
    private async Task WaitAsync(TimeSpan wait, string why, CancellationToken ct)
    {
        var seconds = wait.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        OperationContext.Log.Write(LogLevel.Verbose, $"Waiting {seconds} s {why}.");
        var shown = wait >= TimeSpan.FromSeconds(1);
        if (shown) OperationContext.Log.Progress(new ProgressReport(ThrottleActivityId, "Waiting for Shopify", $"{seconds} s {why}"));
        try { await _clock.Delay(wait, ct).ConfigureAwait(false); }
        finally { if (shown) OperationContext.Log.Progress(new ProgressReport(ThrottleActivityId, "Waiting for Shopify", "Done", 100,
            Completed: true)); }
    }

    private const int ThrottleActivityId = 0x5303;

    /// <summary>The store domain for admin links: given, else learnt once from getShop (a failure only costs the links).</summary>
    private async Task<string?> ResolveStoreDomainAsync(CancellationToken ct)
    {
        if (StoreDomain != null || !LookUpStoreDomain) return StoreDomain;
        if (_shopLookup == null || _shopLookup.IsCanceled) _shopLookup = LookUpShopAsync(ct);
        await _shopLookup.ConfigureAwait(false);
        return StoreDomain;
    }

    private async Task<ShopifyShop?> LookUpShopAsync(CancellationToken ct)
    {
        try { return await GetShopAsync(ct).ConfigureAwait(false); }
        catch (AlloyException ex)
        {
            OperationContext.Log.Write(LogLevel.Verbose, $"The store domain is unknown ({ex.Message}); orders will have no admin links. " +
                "Set SHOPIFY_STORE_DOMAIN to add them.");
            return null;
        }
    }
}
