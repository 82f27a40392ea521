using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Shopify;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Tests.Shopify;

/// <summary>The read of orders updated since a time (follow-ups): the same pager, on updatedAt, under the realistic limits.</summary>
public sealed class UpdatedOrderReadTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_order_updated_since_the_time_comes_once_in_update_order_when_after_is_honoured_or_ignored(bool ignoreAfter)
    {
        await using var emulator = await EmulatorServer.StartAsync(ShopifyCostLimitTests.Capped(0, ignoreAfter: ignoreAfter));
        var orders = emulator.State.Shopify.AddGenerated(400, Now.AddDays(-3), overrides: new OrderOverrides { Total = 700m });
        var changed = orders.Where((o, n) => n % 2 == 0).ToList(); // 200 changed, several in each second
        foreach (var (order, n) in changed.Select((o, n) => (o, n)))
        {
            if (n % 4 == 0) emulator.State.Clock.Advance(TimeSpan.FromSeconds(1));
            emulator.State.Shopify.Fulfill(order.Name);
        }
        var shopify = ShopifyCostLimitTests.NewSession(emulator, out _);
        var calls = emulator.State.Counters["listOrders"];

        var read = new List<ShopifyOrder>();
        await foreach (var order in shopify.ReadOrdersAsync(new OrderQuery { UpdatedAfter = Now }, CancellationToken.None)) read.Add(order);

        Assert.Equal(changed.Select(o => o.Id), read.Select(o => o.Id));
        Assert.All(read, o => Assert.Equal("FULFILLED", o.FulfillmentStatus));
        Assert.True(read.Zip(read.Skip(1)).All(p => p.First.UpdatedAt <= p.Second.UpdatedAt));
        var made = emulator.State.Counters["listOrders"] - calls;
        Assert.InRange(made, 4, ignoreAfter ? 8 : 5); // one refusal, then ceil(200 / 74) pages (a window's edge second is read again)
    }

    [Fact]
    public void A_read_by_update_time_takes_no_created_bounds_and_is_oldest_first()
    {
        Assert.Throws<ArgumentException>(() => new OrderQuery { UpdatedAfter = Now, CreatedAfter = Now }.Validate());
        Assert.Throws<ArgumentException>(() => new OrderQuery { UpdatedAfter = Now, NewestFirst = true }.Validate());
        new OrderQuery { UpdatedAfter = Now, Query = "created_at:<'2024-01-01T00:00:00Z'" }.Validate();
    }
}
