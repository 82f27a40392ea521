using AlloyShopifySlack.Emulator.Shopify;

namespace AlloyShopifySlack.Tests.Emulator;

public sealed class ShopifyQueryFilterTests
{
    private static EmulatedOrder Order(string createdAt, bool test = false, bool cancelled = false, decimal total = 100,
        params string[] tags) => new()
    {
        Number = 1001,
        LegacyId = 1,
        CreatedAt = DateTimeOffset.Parse(createdAt),
        ProcessedAt = DateTimeOffset.Parse(createdAt),
        Total = total,
        Test = test,
        CancelledAt = cancelled ? DateTimeOffset.Parse(createdAt) : null,
        Closed = cancelled,
        Tags = new List<string>(tags),
    };

    [Theory]
    [InlineData("created_at:>='2024-01-15T00:00:00Z'", "2024-01-15T00:00:00Z", true)]
    [InlineData("created_at:>'2024-01-15T00:00:00Z'", "2024-01-15T00:00:00Z", false)]
    [InlineData("created_at:<'2024-01-15T00:00:00Z'", "2024-01-14T23:59:59Z", true)]
    [InlineData("created_at:<=\"2024-01-15T00:00:00Z\"", "2024-01-15T00:00:01Z", false)]
    [InlineData("created_at:'2024-01-15'", "2024-01-15T18:00:00Z", true)]
    public void Dates_compare_with_each_comparator(string query, string createdAt, bool expected)
    {
        Assert.Equal(expected, new ShopifyQueryFilter(query).Matches(Order(createdAt)));
    }

    [Theory]
    [InlineData("test:false", false, false, true)]
    [InlineData("test:true", false, false, false)]
    [InlineData("-status:cancelled", false, true, false)]
    [InlineData("NOT status:cancelled", false, false, true)]
    [InlineData("status:open", false, true, false)]
    [InlineData("test:false AND status:open", true, false, false)]
    public void Test_and_status_terms_filter(string query, bool test, bool cancelled, bool expected)
    {
        Assert.Equal(expected, new ShopifyQueryFilter(query).Matches(Order("2024-01-15T00:00:00Z", test, cancelled)));
    }

    [Fact]
    public void Parentheses_keep_an_OR_inside_the_date_window()
    {
        var filter = new ShopifyQueryFilter("created_at:>='2024-01-15T00:00:00Z' AND (tag:vip OR total_price:>=500)");

        Assert.True(filter.Matches(Order("2024-01-16T00:00:00Z", tags: "vip")));
        Assert.True(filter.Matches(Order("2024-01-16T00:00:00Z", total: 900)));
        Assert.False(filter.Matches(Order("2024-01-14T00:00:00Z", tags: "vip")));
        Assert.False(filter.Matches(Order("2024-01-16T00:00:00Z")));
    }

    [Fact]
    public void Unknown_fields_are_ignored_with_one_warning()
    {
        var filter = new ShopifyQueryFilter("colour:blue test:false");

        Assert.True(filter.Matches(Order("2024-01-15T00:00:00Z")));
        Assert.True(filter.Matches(Order("2024-01-16T00:00:00Z")));
        Assert.Single(filter.Warnings);
    }

    [Fact]
    public void Unquoted_dates_can_be_made_to_count_for_nothing()
    {
        var strict = new ShopifyQueryFilter("created_at:>=2024-01-15T00:00:00Z", ignoreUnquotedDates: true);
        var lenient = new ShopifyQueryFilter("created_at:>=2024-01-15T00:00:00Z");

        Assert.True(strict.Matches(Order("2024-01-01T00:00:00Z")));
        Assert.False(lenient.Matches(Order("2024-01-01T00:00:00Z")));
    }
}
