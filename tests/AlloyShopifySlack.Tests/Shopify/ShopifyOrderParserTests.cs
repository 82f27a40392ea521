using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Tests.Shopify;

public class ShopifyOrderParserTests
{
    private const string FullOrder = """
        {
          "id": "gid://shopify/Order/1234567890",
          "name": "#1001",
          "createdAt": "2024-01-15T10:00:00Z",
          "test": true,
          "cancelledAt": "2024-01-16T08:30:00Z",
          "displayFinancialStatus": "PAID",
          "tags": ["vip", "wholesale"],
          "totalPriceSet": {
            "shopMoney": { "amount": "1250.50", "currencyCode": "USD" },
            "presentmentMoney": { "amount": "1150.25", "currencyCode": "EUR" }
          },
          "customer": { "displayName": "John Doe", "email": "john@example.com" },
          "lineItems": { "edges": [
            { "node": { "name": "Premium Widget", "quantity": 5, "originalUnitPriceSet": { "shopMoney": { "amount": "250.10" } } } },
            { "node": { "name": "Gift wrap", "quantity": 1 } }
          ] }
        }
        """;

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Reads_every_field_of_a_full_order()
    {
        var order = ShopifyOrderParser.Parse(Json(FullOrder), "demo-store");

        Assert.Equal("gid://shopify/Order/1234567890", order.Id);
        Assert.Equal("#1001", order.Name);
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 10, 0, 0, TimeSpan.Zero), order.CreatedAt);
        Assert.Equal(1250.50m, order.Total);
        Assert.Equal("USD", order.Currency);
        Assert.Equal(1150.25m, order.PresentmentTotal);
        Assert.Equal("EUR", order.PresentmentCurrency);
        Assert.Equal("John Doe", order.CustomerName);
        Assert.Equal("john@example.com", order.CustomerEmail);
        Assert.True(order.Test);
        Assert.Equal(new DateTimeOffset(2024, 1, 16, 8, 30, 0, TimeSpan.Zero), order.CancelledAt);
        Assert.Equal("PAID", order.FinancialStatus);
        Assert.Equal(new[] { "vip", "wholesale" }, order.Tags);
        Assert.Equal(2, order.LineItems.Count);
        Assert.Equal(2, order.LineItemCount);
        Assert.Equal("Premium Widget", order.LineItems[0].Name);
        Assert.Equal(5, order.LineItems[0].Quantity);
        Assert.Equal(250.10m, order.LineItems[0].UnitPrice);
        Assert.Null(order.LineItems[1].UnitPrice);
        Assert.Equal("https://admin.shopify.com/store/demo-store/orders/1234567890", order.AdminUrl);
    }

    [Fact]
    public void A_guest_order_has_no_customer_and_is_fine()
    {
        var withNull = ShopifyOrderParser.Parse(Json("""{"id":"gid://shopify/Order/1","createdAt":"2024-01-15T10:00:00Z","customer":""" +
            """null,"totalPriceSet":{"shopMoney":{"amount":"900.00","currencyCode":"USD"}}}"""), null);
        var withoutField = ShopifyOrderParser.Parse(Json("""{"id":"gid://shopify/Order/2","createdAt":"2024-01-15T10:00:""" +
            """00Z","totalPriceSet":{"shopMoney":{"amount":"900.00","currencyCode":"USD"}}}"""), null);

        foreach (var order in new[] { withNull, withoutField })
        {
            Assert.Null(order.CustomerName);
            Assert.Null(order.CustomerEmail);
            Assert.Equal(900m, order.Total);
        }
    }

    [Fact]
    public void Presentment_money_is_optional()
    {
        var order = ShopifyOrderParser.Parse(Json("""{"id":"gid://shopify/Order/3","createdAt":"2024-01-15T10:00:00Z","totalPriceSet":""" +
            """{"shopMoney":{"amount":"12.00","currencyCode":"CAD"}}}"""), null);

        Assert.Equal(12m, order.Total);
        Assert.Equal("CAD", order.Currency);
        Assert.Null(order.PresentmentTotal);
        Assert.Null(order.PresentmentCurrency);
    }

    [Fact]
    public void Amounts_are_read_with_the_invariant_culture_whatever_the_thread_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        var previousUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("de-DE");
            var order = ShopifyOrderParser.Parse(Json(FullOrder), null);

            Assert.Equal(1250.50m, order.Total);          // de-DE would read "1250.50" as 125050
            Assert.Equal(1150.25m, order.PresentmentTotal);
            Assert.Equal(250.10m, order.LineItems[0].UnitPrice);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }

    [Fact]
    public void Missing_optional_fields_give_empty_values()
    {
        var order = ShopifyOrderParser.Parse(Json("""{"id":"gid://shopify/Order/4","createdAt":"2024-01-15T10:00:00Z"}"""), null);

        Assert.Equal(string.Empty, order.Name);
        Assert.Equal(0m, order.Total);
        Assert.Equal(string.Empty, order.Currency);
        Assert.Empty(order.LineItems);
        Assert.Equal(0, order.LineItemCount);
        Assert.Empty(order.Tags);
        Assert.False(order.Test);
        Assert.Null(order.CancelledAt);
        Assert.Null(order.FinancialStatus);
        Assert.Null(order.AdminUrl);
    }

    [Fact]
    public void Other_shapes_Shopify_uses_are_accepted()
    {
        var order = ShopifyOrderParser.Parse(Json("""
            {"id":"gid://shopify/Order/5","createdAt":"2024-01-15T10:00:00+02:00","tags":"a, b ,c",
             "customer":{"firstName":"Ana","lastName":"Lima","defaultEmailAddress":{"emailAddress":"ana@example.com"}},
             "currentTotalPriceSet":{"shopMoney":{"amount":"7.5","currencyCode":"BRL"}},
             "lineItems":{"nodes":[{"name":"Café","quantity":2}]}}
            """), "https://my-store.myshopify.com/");

        Assert.Equal(new DateTimeOffset(2024, 1, 15, 8, 0, 0, TimeSpan.Zero), order.CreatedAt.ToUniversalTime());
        Assert.Equal(new[] { "a", "b", "c" }, order.Tags);
        Assert.Equal("Ana Lima", order.CustomerName);
        Assert.Equal("ana@example.com", order.CustomerEmail);
        Assert.Equal(7.5m, order.Total);
        Assert.Equal("Café", Assert.Single(order.LineItems).Name);
        Assert.Equal("https://admin.shopify.com/store/my-store/orders/5", order.AdminUrl);
    }

    [Theory]
    [InlineData("""{"name":"#1002","createdAt":"2024-01-15T10:00:00Z"}""", "without an id")]
    [InlineData("""{"id":"","createdAt":"2024-01-15T10:00:00Z"}""", "without an id")]
    [InlineData("""{"id":"gid://shopify/Order/6"}""", "without a valid createdAt")]
    [InlineData("""{"id":"gid://shopify/Order/7","createdAt":"2024-01-15T10:00:00Z","totalPriceSet":{"shopMoney":{"amount":"12,""" +
        """50","currencyCode":"EUR"}}}""", "not a number")]
    [InlineData("""["not an order"]""", "not an object")]
    public void An_unusable_order_raises_a_clear_error(string node, string expected)
    {
        var error = Assert.Throws<UnusableOrderException>(() => ShopifyOrderParser.Parse(Json(node), null));

        Assert.Equal("ShopifyOrderUnusable", error.ErrorId);
        Assert.Contains(expected, error.Message);
        Assert.Contains("skipped", error.Message);
    }

    [Theory]
    [InlineData("my-store", "my-store")]
    [InlineData("My-Store.myshopify.com", "my-store")]
    [InlineData("https://my-store.myshopify.com/admin", "my-store")]
    [InlineData("https://admin.shopify.com/store/my-store/orders", "my-store")]
    [InlineData("  ", null)]
    public void Store_domains_are_normalized_to_the_handle(string given, string? expected) =>
        Assert.Equal(expected, StoreDomain.Normalize(given));
}
