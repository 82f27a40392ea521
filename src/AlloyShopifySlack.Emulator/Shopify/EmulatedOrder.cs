using System.Buffers;
using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Shopify;

public sealed record EmulatedCustomer(string DisplayName, string? Email);

public sealed record EmulatedLineItem(string Name, int Quantity, decimal UnitPrice);

/// <summary>
/// One order of the fake store. Tags and UpdatedAt change under the store's lock (tagsAdd); cancelling, refunding,
/// editing and fulfilling replace the order with a changed copy (<see cref="ShopifyStore.Cancel"/> and the others).
/// </summary>
public sealed partial class EmulatedOrder
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
    /// <summary>Shop money refunded so far (totalRefundedSet); the current total is <see cref="Total"/> less this.</summary>
    public decimal TotalRefunded { get; init; }

    /// <summary>Shopify serializes Decimal as a string with at least one decimal digit ("30.0", "29.99").</summary>
    public static string Money(decimal amount)
    {
        var text = amount.ToString("0.00##", CultureInfo.InvariantCulture);
        return text.EndsWith('0') && text[^2] != '.' ? text[..^1] : text;
    }

    public static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private (string Key, string Json)? _cached;

    /// <summary>
    /// The order as Admin GraphQL shows it, as JSON text, cached because order pages are built from these pieces; the
    /// cache key covers what can change (tags, updatedAt), so a test that edits Tags directly still sees its change.
    /// </summary>
    public string ToJsonText()
    {
        var key = UpdatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + string.Join("\u0001", Tags);
        if (_cached is { } hit && hit.Key == key) return hit.Json;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Reply.JsonOptions.Encoder })) Write(writer);
        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        _cached = (key, json);
        return json;
    }

    public JsonObject ToNode() => JsonNode.Parse(ToJsonText())!.AsObject();

    private void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("id", Id);
        w.WriteString("name", Name);
        w.WriteString("createdAt", Time(CreatedAt));
        w.WriteString("processedAt", Time(ProcessedAt));
        w.WriteString("updatedAt", Time(UpdatedAt));
        w.WriteStartObject("totalPriceSet");
        WriteMoney(w, "shopMoney", Total, Currency);
        WriteMoney(w, "presentmentMoney", PresentmentTotal, PresentmentCurrency);
        w.WriteEndObject();
        w.WriteStartObject("currentTotalPriceSet");
        WriteMoney(w, "shopMoney", Total - TotalRefunded, Currency);
        w.WriteEndObject();
        w.WriteStartObject("totalRefundedSet");
        WriteMoney(w, "shopMoney", TotalRefunded, Currency);
        w.WriteEndObject();
        if (Customer == null) w.WriteNull("customer");
        else
        {
            w.WriteStartObject("customer");
            w.WriteString("displayName", Customer.DisplayName);
            w.WriteString("email", Customer.Email);
            w.WriteEndObject();
        }
        w.WriteStartObject("lineItems");
        w.WriteStartArray("edges");
        foreach (var item in LineItems)
        {
            w.WriteStartObject();
            w.WriteStartObject("node");
            w.WriteString("name", item.Name);
            w.WriteNumber("quantity", item.Quantity);
            w.WriteStartObject("originalUnitPriceSet");
            WriteMoney(w, "shopMoney", item.UnitPrice, Currency);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("tags");
        foreach (var tag in Tags) w.WriteStringValue(tag);
        w.WriteEndArray();
        w.WriteBoolean("test", Test);
        if (CancelledAt.HasValue) w.WriteString("cancelledAt", Time(CancelledAt.Value)); else w.WriteNull("cancelledAt");
        w.WriteString("displayFinancialStatus", FinancialStatus);
        w.WriteString("displayFulfillmentStatus", FulfillmentStatus);
        w.WriteEndObject();
    }

    private static void WriteMoney(Utf8JsonWriter w, string name, decimal amount, string currency)
    {
        w.WriteStartObject(name);
        w.WriteString("amount", Money(amount));
        w.WriteString("currencyCode", currency);
        w.WriteEndObject();
    }
}
