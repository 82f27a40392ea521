using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Tests.Slack;

/// <summary>Orders for tests, built by hand.</summary>
public static class Orders
{
    public static ShopifyOrder Sample(string name = "#1001", decimal total = 1250m, string? customer = "John Doe", int number = 1001,
        int items = 1) => new()
    {
        Id = $"gid://shopify/Order/{5550000000 + number}",
        Name = name,
        CreatedAt = new DateTimeOffset(2024, 1, 15, 10, 0, 0, TimeSpan.Zero),
        Total = total,
        Currency = "USD",
        CustomerName = customer,
        CustomerEmail = customer == null ? null : "john@example.com",
        LineItems = Enumerable.Range(1, items).Select(i => new ShopifyLineItem { Name = i == 1 ? "Premium Widget" : $"Gadget {i}",
            Quantity = i == 1 ? 5 : 1, UnitPrice = 250m }).ToList(),
        LineItemCount = items,
        FinancialStatus = "PAID",
    };
}
