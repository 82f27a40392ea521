using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>The one reader of thresholds: invariant, and refusing what two people would read two ways.</summary>
public sealed class AmountTextTests
{
    [Theory]
    [InlineData("500", 500)]
    [InlineData(" 499.99 ", 499.99)]
    [InlineData("1000", 1000)]
    [InlineData("0.125", 0.125)]
    [InlineData("1.5", 1.5)]
    [InlineData("1.50", 1.50)]
    [InlineData("1000.000", 1000)]
    [InlineData(".5", 0.5)]
    [InlineData("+7", 7)]
    public void Reads_plain_invariant_amounts(string text, double expected)
    {
        Assert.True(AmountText.TryParse(text, "X", out var value, out var problem), problem);
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("500,50", "X '500,50' is ambiguous", "500.50 or 50050")]
    [InlineData("1,000", "X '1,000' is ambiguous", "1.000 or 1000")]
    [InlineData("1.000,00", "X '1.000,00' mixes ',' and '.'", "1000.00")]
    [InlineData("1,000.00", "mixes", "1000.00")]
    [InlineData("1.000", "X '1.000' is ambiguous", "Write 1000")]
    [InlineData("12.500", "ambiguous", "12500")]
    [InlineData("-5", "negative", "0 or more")]
    [InlineData("five hundred", "not a number", "499.99")]
    [InlineData("5e2", "not a number", "500")]
    [InlineData("", "empty", "500")]
    public void Refuses_what_could_be_read_two_ways_quoting_it_and_showing_how_to_write_it(string text, string problemStart, string hint)
    {
        Assert.False(AmountText.TryParse(text, "X", out _, out var problem));
        Assert.Contains(problemStart, problem);
        Assert.Contains(hint, problem);
    }

    [Fact]
    public void Whole_numbers_are_read_the_same_way_and_range_checked()
    {
        Assert.True(AmountText.TryParseWhole("300", "S", 0, 86400, out var seconds, out _));
        Assert.Equal(300, seconds);
        Assert.False(AmountText.TryParseWhole("300.5", "S", 0, 86400, out _, out var fraction));
        Assert.Contains("not a whole number from 0 to 86400", fraction);
        Assert.False(AmountText.TryParseWhole("1,000", "S", 0, 86400, out _, out var ambiguous));
        Assert.Contains("ambiguous", ambiguous);
    }
}
