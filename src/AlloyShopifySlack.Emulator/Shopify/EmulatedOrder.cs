using System.Globalization;
using System.Text.Json.Nodes;

namespace AlloyShopifySlack.Emulator.Shopify;

public sealed record EmulatedCustomer(string DisplayName, string? Email);

public sealed record EmulatedLineItem(string Name, int Quantity, decimal UnitPrice);

/// <summary>One order of the fake store. Tags and UpdatedAt change under the store's lock (tagsAdd).</summary>
public sealed class EmulatedOrder
{
    public long Number { get; init; }
    public long LegacyId { get; init; }
    public string Id => $"gid://shopify/Order/{LegacyId}";
    public string Name => $"#{Number}";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public decimal Total { get; init; }
    public string Currency { get; init; } = "USD";
    public decimal PresentmentTotal { get; init; }
    public string PresentmentCurrency { get; init; } = "USD";
    public EmulatedCustomer? Customer { get; init; }
    public IReadOnlyList<EmulatedLineItem> LineItems { get; init; } = Array.Empty<EmulatedLineItem>();
    public List<string> Tags { get; init; } = new();
    public bool Test { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public string FinancialStatus { get; init; } = "PAID";
    public string FulfillmentStatus { get; init; } = "UNFULFILLED";
    public bool Closed { get; init; }

    /// <summary>Shopify serializes Decimal as a string with at least one decimal digit ("30.0", "29.99").</summary>
    public static string Money(decimal amount)
    {
        var text = amount.ToString("0.00##", CultureInfo.InvariantCulture);
        return text.EndsWith("0", StringComparison.Ordinal) && text[^2] != '.' ? text[..^1] : text;
    }

    public static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject MoneyV2(decimal amount, string currency) =>
        new() { ["amount"] = Money(amount), ["currencyCode"] = currency };

    public JsonObject ToNode() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["createdAt"] = Time(CreatedAt),
        ["processedAt"] = Time(ProcessedAt),
        ["updatedAt"] = Time(UpdatedAt),
        ["totalPriceSet"] = new JsonObject
        {
            ["shopMoney"] = MoneyV2(Total, Currency),
            ["presentmentMoney"] = MoneyV2(PresentmentTotal, PresentmentCurrency),
        },
        ["customer"] = Customer == null ? null : new JsonObject
        {
            ["displayName"] = Customer.DisplayName,
            ["email"] = Customer.Email,
        },
        ["lineItems"] = new JsonObject
        {
            ["edges"] = new JsonArray(LineItems.Select(item => (JsonNode)new JsonObject
            {
                ["node"] = new JsonObject
                {
                    ["name"] = item.Name,
                    ["quantity"] = item.Quantity,
                    ["originalUnitPriceSet"] = new JsonObject { ["shopMoney"] = MoneyV2(item.UnitPrice, Currency) },
                },
            }).ToArray()),
        },
        ["tags"] = new JsonArray(Tags.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
        ["test"] = Test,
        ["cancelledAt"] = CancelledAt.HasValue ? Time(CancelledAt.Value) : null,
        ["displayFinancialStatus"] = FinancialStatus,
        ["displayFulfillmentStatus"] = FulfillmentStatus,
    };
}
