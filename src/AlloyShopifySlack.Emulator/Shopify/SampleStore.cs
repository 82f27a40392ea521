namespace AlloyShopifySlack.Emulator.Shopify;

/// <summary>
/// Builds a deterministic, realistic order history: hundreds of orders over several days, totals from ~10 to ~20000
/// USD, some paid in other currencies, guest, test and cancelled orders, and names that try to break Slack mrkdwn.
/// </summary>
public static class SampleStore
{
    public const long FirstOrderNumber = 1001;
    private const long LegacyIdBase = 5_600_000_000_000;

    private static readonly string[] Customers =
    {
        "John Doe", "Jane Smith", "Zoë Ångström", "Ben & Jerry's Wholesale", "<!channel> Alert Tester", "<@U123> Mention",
        "Chen Wei (北京)", "José Núñez", "Émilie Dubois", "Ola Nordmann", "Priya Patel", "Robert <b>Bold</b> Tables",
        "🎉 Party Supplies Ltd", "Ахмед Смирнов", "O'Brien & Sons", "<!here> Here Tester", "Müller GmbH", "山田 太郎",
        "Aisha Bello", "Lars <https://evil.example|click> Link", "Grace Hopper", "Ada Lovelace", "Sam *bold* _italic_",
    };

    private static readonly (string Name, decimal Price)[] Products =
    {
        ("Premium Widget", 49.99m), ("Deluxe Gadget & Case", 129.50m), ("Café Crème Beans 1kg", 24.00m),
        ("北京 Jasmine Tea", 18.75m), ("🚀 Rocket Mug", 15.00m), ("<Limited> Edition Print", 350.00m),
        ("Standing Desk Pro", 899.00m), ("Ergonomic Chair", 1249.00m), ("USB-C Cable 2m", 9.99m),
        ("Gift Card", 100.00m), ("Industrial Espresso Machine", 6400.00m), ("Zoë's Handmade Scarf", 65.00m),
        ("<!channel> Sticker Pack", 4.50m), ("Noise-Cancelling Headphones", 299.00m), ("4K Monitor 32\"", 749.00m),
    };

    private static readonly (string Code, decimal Rate)[] PresentmentCurrencies =
    {
        ("EUR", 0.92m), ("GBP", 0.79m), ("JPY", 151.0m), ("CAD", 1.36m), ("AUD", 1.52m),
    };

    private static readonly string[] FinancialStatuses = { "PAID", "PAID", "PAID", "PAID", "PENDING", "AUTHORIZED", "PARTIALLY_REFUNDED" };

    public static List<EmulatedOrder> Generate(int count, int days, DateTimeOffset end, int seed)
    {
        var random = new Random(seed);
        var start = end - TimeSpan.FromDays(Math.Max(days, 1));
        var span = (end - start).Ticks;
        var orders = new List<EmulatedOrder>(count);
        // Increasing times with random gaps; the last order lands a little before the end.
        var times = Enumerable.Range(0, count).Select(_ => random.NextDouble()).OrderBy(x => x).ToArray();
        for (var i = 0; i < count; i++)
        {
            var createdAt = start + TimeSpan.FromTicks((long)(times[i] * span * 0.999));
            createdAt = new DateTimeOffset(createdAt.Ticks - createdAt.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            orders.Add(Create(random, FirstOrderNumber + i, createdAt));
        }
        return orders;
    }

    /// <summary>One order, as the sample store would have made it; also used for orders added through the admin API.</summary>
    public static EmulatedOrder Create(Random random, long number, DateTimeOffset createdAt)
    {
        var target = PickTotal(random);
        var itemCount = random.NextDouble() < 0.06 ? 7 : 1 + random.Next(4);
        var items = SplitIntoItems(random, target, itemCount);
        var total = items.Sum(i => i.UnitPrice * i.Quantity);
        var guest = random.NextDouble() < 0.08;
        var test = random.NextDouble() < 0.03;
        var cancelled = !test && random.NextDouble() < 0.04;
        var customerName = Customers[random.Next(Customers.Length)];
        var (currency, rate) = random.NextDouble() < 0.25 ? PresentmentCurrencies[random.Next(PresentmentCurrencies.Length)] : ("USD", 1m);
        var presentment = currency == "JPY" ? Math.Round(total * rate, 0) : Math.Round(total * rate, 2);
        var tags = new List<string>();
        if (total >= 5000) tags.Add("vip");
        if (random.NextDouble() < 0.1) tags.Add("wholesale");
        return new EmulatedOrder
        {
            Number = number,
            LegacyId = LegacyIdBase + number * 7919,
            CreatedAt = createdAt,
            ProcessedAt = createdAt,
            UpdatedAt = cancelled ? createdAt.AddMinutes(30) : createdAt,
            Total = total,
            PresentmentTotal = presentment,
            PresentmentCurrency = currency,
            Customer = guest ? null : new EmulatedCustomer(customerName, $"customer{number}@example.com"),
            LineItems = items,
            Tags = tags,
            Test = test,
            CancelledAt = cancelled ? createdAt.AddMinutes(30) : null,
            FinancialStatus = cancelled ? "VOIDED" : FinancialStatuses[random.Next(FinancialStatuses.Length)],
            FulfillmentStatus = random.NextDouble() < 0.5 ? "FULFILLED" : "UNFULFILLED",
            Closed = cancelled,
        };
    }

    private static decimal PickTotal(Random random)
    {
        var roll = random.NextDouble();
        if (roll < 0.60) return 10 + (decimal)random.NextDouble() * 290;      // everyday orders
        if (roll < 0.85) return 300 + (decimal)random.NextDouble() * 700;     // around the default threshold
        if (roll < 0.97) return 1000 + (decimal)random.NextDouble() * 4000;
        return 5000 + (decimal)random.NextDouble() * 15000;                  // VIP, up to ~20000
    }

    private static List<EmulatedLineItem> SplitIntoItems(Random random, decimal target, int count)
    {
        var weights = Enumerable.Range(0, count).Select(_ => 0.2 + random.NextDouble()).ToArray();
        var sum = weights.Sum();
        var items = new List<EmulatedLineItem>(count);
        var used = new HashSet<int>();
        for (var i = 0; i < count; i++)
        {
            int product;
            do product = random.Next(Products.Length); while (!used.Add(product) && used.Count < Products.Length);
            var quantity = random.NextDouble() < 0.8 ? 1 : 2 + random.Next(3);
            var share = target * (decimal)(weights[i] / sum);
            var unit = Math.Max(1m, Math.Round(share / quantity, 2));
            items.Add(new EmulatedLineItem(Products[product].Name, quantity, unit));
        }
        return items;
    }
}
