using AlloyShopifySlack.Cmdlets.Shopify;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Shopify;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Tests.Infrastructure;

namespace AlloyShopifySlack.Tests.Shopify;

/// <summary>The Shopify cmdlets hosted in a runspace, against the in-process emulator.</summary>
public sealed class ShopifyCmdletTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private const string Since = "2023-12-01T00:00:00Z";

    private static PowerShellHost Connect(EmulatorServer emulator)
    {
        var host = new PowerShellHost();
        var connected = host.Invoke("Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2]", emulator.ApiKey, emulator.BaseUri,
            emulator.Tenant.UserId);
        Assert.Empty(connected.Errors);
        Assert.Null(connected.Terminating);
        return host;
    }

    private static List<ShopifyOrder> Orders(HostedResult result) => result.Output.Select(o => (ShopifyOrder)o.BaseObject).ToList();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Several_hundred_orders_over_several_pages_come_once_each(bool cursors)
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, OrderCount = 600,
            ShopifyThrottling = false, CursorPassthrough = cursors });
        using var host = Connect(emulator);

        var result = host.Invoke("Get-ShopifyOrder -CreatedAfter $args[0] -PageSize 100 -CredentialId $args[1] -StoreDomain $args[2]",
            Since, emulator.Tenant.ShopifyCredentialId, emulator.Tenant.StoreDomain);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        var orders = Orders(result);
        Assert.Equal(emulator.State.Shopify.Orders.Select(o => o.Id), orders.Select(o => o.Id));
        Assert.Equal(600, orders.Select(o => o.Id).Distinct().Count());
        // ceil(600/100) calls with cursors; the window re-reads one order per page, so at most one call more.
        Assert.InRange(emulator.State.Counters["listOrders"], 6, cursors ? 6 : 7);
        Assert.All(result.Output, o => Assert.Equal(ShopifyCmdlet.OrderTypeName, o.TypeNames[0]));
    }

    [Fact]
    public async Task Orders_carry_totals_guests_presentment_money_and_admin_links()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, ShopifyThrottling = false });
        using var host = Connect(emulator);

        var result = host.Invoke("Get-ShopifyOrder -CreatedAfter $args[0] -CredentialId $args[1]", Since,
            emulator.Tenant.ShopifyCredentialId);

        var orders = Orders(result).ToDictionary(o => o.Id);
        foreach (var expected in emulator.State.Shopify.Orders)
        {
            var order = orders[expected.Id];
            Assert.Equal(expected.Total, order.Total);
            Assert.Equal(expected.Currency, order.Currency);
            Assert.Equal(expected.PresentmentTotal, order.PresentmentTotal);
            Assert.Equal(expected.PresentmentCurrency, order.PresentmentCurrency);
            Assert.Equal(expected.Customer?.DisplayName, order.CustomerName);
            Assert.Equal(expected.CreatedAt, order.CreatedAt);
            // No -StoreDomain and no SHOPIFY_STORE_DOMAIN in the connection: learnt from getShop.
            Assert.Equal($"https://admin.shopify.com/store/{emulator.Tenant.StoreDomain}/orders/{expected.LegacyId}", order.AdminUrl);
        }
        Assert.Contains(orders.Values, o => o.CustomerName == null);
        Assert.Contains(orders.Values, o => o.PresentmentCurrency != o.Currency);
    }

    [Fact]
    public async Task By_default_the_last_24_hours_are_read()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OrderCount = 300, OrderDays = 3,
            ShopifyThrottling = false });
        using var host = Connect(emulator);
        var before = DateTimeOffset.UtcNow;

        var result = host.Invoke("Get-ShopifyOrder -CredentialId $args[0]", emulator.Tenant.ShopifyCredentialId);

        var after = DateTimeOffset.UtcNow;
        var ids = Orders(result).Select(o => o.Id).ToHashSet();
        Assert.NotEmpty(ids);
        Assert.All(Orders(result), o => Assert.InRange(o.CreatedAt, before.AddHours(-24).AddSeconds(-1), after));
        // Every order comfortably inside the window is there (a minute of margin for the moment the cmdlet ran).
        Assert.All(emulator.State.Shopify.Orders.Where(o => o.CreatedAt >= after.AddHours(-24).AddMinutes(1)),
            o => Assert.Contains(o.Id, ids));
    }

    [Fact]
    public async Task Query_and_Limit_narrow_the_read()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, ShopifyThrottling = false });
        using var host = Connect(emulator);

        var paid = Orders(host.Invoke("Get-ShopifyOrder -CreatedAfter $args[0] -Query 'financial_status:paid' -CredentialId $args[1]",
            Since, emulator.Tenant.ShopifyCredentialId));
        Assert.Equal(emulator.State.Shopify.Orders.Where(o => o.FinancialStatus == "PAID").Select(o => o.Id), paid.Select(o => o.Id));

        var calls = emulator.State.Counters["listOrders"];
        var five = Orders(host.Invoke("Get-ShopifyOrder -CreatedAfter $args[0] -Limit 5 -CredentialId $args[1]", Since,
            emulator.Tenant.ShopifyCredentialId));
        Assert.Equal(emulator.State.Shopify.Orders.Take(5).Select(o => o.Id), five.Select(o => o.Id));
        Assert.Equal(calls + 1, emulator.State.Counters["listOrders"]);
    }

    [Fact]
    public async Task More_orders_in_one_second_than_a_page_holds_come_once_each_without_cursors()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, OrderCount = 100,
            ShopifyThrottling = false, CursorPassthrough = false });
        var crowded = Now.AddHours(-30);
        for (var i = 0; i < 400; i++) emulator.State.Shopify.Add((number, random) => SampleStore.Create(random, number, crowded));
        using var host = Connect(emulator);

        var result = host.Invoke("Get-ShopifyOrder -CreatedAfter $args[0] -PageSize 50 -CredentialId $args[1] -StoreDomain shop", Since,
            emulator.Tenant.ShopifyCredentialId);

        Assert.Empty(result.Errors);
        var ids = Orders(result).Select(o => o.Id).ToList();
        Assert.Equal(500, ids.Count);
        Assert.Equal(emulator.State.Shopify.Orders.Select(o => o.Id).OrderBy(x => x), ids.OrderBy(x => x));
    }

    [Fact]
    public async Task Select_First_stops_the_read_early()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, OrderCount = 2000,
            ShopifyThrottling = false });
        using var host = Connect(emulator);

        var result = host.Invoke("Get-ShopifyOrder -CreatedAfter $args[0] -PageSize 50 -CredentialId $args[1] -StoreDomain shop | " +
            "Select-Object -First 3", Since, emulator.Tenant.ShopifyCredentialId);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(emulator.State.Shopify.Orders.Take(3).Select(o => o.Id), Orders(result).Select(o => o.Id));
        // 40 pages in all; the read stops once the pipeline does (what was fetched ahead is bounded by the output queue).
        Assert.InRange(emulator.State.Counters["listOrders"], 1, 15);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_with_clear_errors()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, ShopifyThrottling = false });
        using var host = Connect(emulator);

        var range = host.Invoke("Get-ShopifyOrder -CreatedAfter 2024-01-10 -CreatedBefore 2024-01-09 -CredentialId x");
        var pageSize = host.Invoke("Get-ShopifyOrder -PageSize 251 -CredentialId x");

        // A cmdlet's terminating error ends its statement; the hosted script reports it on the error stream.
        var rangeError = Assert.Single(range.Errors);
        Assert.Equal("InvalidDateRange,AlloyShopifySlack.Cmdlets.Shopify.GetShopifyOrderCommand", rangeError.FullyQualifiedErrorId);
        Assert.Contains("must be later", rangeError.Exception.Message);
        var pageSizeError = Assert.Single(pageSize.Errors);
        Assert.StartsWith("ParameterArgumentValidationError,", pageSizeError.FullyQualifiedErrorId);
        Assert.Contains("PageSize", pageSizeError.Exception.Message);
        Assert.Equal(0, emulator.State.Counters["listOrders"]);
    }

    [Fact]
    public async Task Add_ShopifyOrderTag_tags_piped_orders_and_WhatIf_changes_nothing()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, ShopifyThrottling = false });
        using var host = Connect(emulator);
        var credential = emulator.Tenant.ShopifyCredentialId;

        var whatIf = host.Invoke("Get-ShopifyOrder -CreatedAfter $args[0] -Limit 3 -CredentialId $args[1] | Add-ShopifyOrderTag -Tag vip " +
            "-CredentialId $args[1] -WhatIf", Since, credential);
        Assert.Empty(whatIf.Errors);
        Assert.Equal(0, emulator.State.Counters["tagsAdd"]);

        var tagged = host.Invoke("Get-ShopifyOrder -CreatedAfter $args[0] -Limit 3 -CredentialId $args[1] | Add-ShopifyOrderTag -Tag " +
            "vip, 'follow up' -CredentialId $args[1] -PassThru", Since, credential);

        Assert.Empty(tagged.Errors);
        Assert.Equal(3, tagged.Output.Count);
        foreach (var order in emulator.State.Shopify.Orders.Take(3))
        {
            Assert.Contains("vip", order.Tags);
            Assert.Contains("follow up", order.Tags);
        }
        Assert.All(Orders(tagged), o => Assert.Contains("vip", o.Tags));
        Assert.DoesNotContain("vip", emulator.State.Shopify.Orders[3].Tags);
    }

    [Fact]
    public async Task A_failure_for_one_order_is_reported_and_the_others_are_tagged()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now, ShopifyThrottling = false });
        using var host = Connect(emulator);
        var good = emulator.State.Shopify.Orders[0];

        var result = host.Invoke(
            "[pscustomobject]@{ Id = 'gid://shopify/Order/1' }, 'not-an-id', [pscustomobject]@{ Id = $args[0] } | Add-ShopifyOrderTag " +
                "-Tag checked -CredentialId $args[1]",
            good.Id, emulator.Tenant.ShopifyCredentialId);

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("ShopifyError", result.Errors[0].FullyQualifiedErrorId);
        Assert.Contains("Order does not exist", result.Errors[0].Exception.Message);
        Assert.StartsWith("InvalidArgument", result.Errors[1].FullyQualifiedErrorId);
        Assert.Contains("checked", emulator.State.Shopify.Orders[0].Tags);
    }

    [Fact]
    public async Task Get_ShopifyShop_returns_the_store()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Now = Now });
        using var host = Connect(emulator);

        var result = host.Invoke("Get-ShopifyShop -CredentialId $args[0]", emulator.Tenant.ShopifyCredentialId);

        var shop = (ShopifyShop)Assert.Single(result.Output).BaseObject;
        Assert.Equal(emulator.State.Shopify.ShopName, shop.Name);
        Assert.Equal(emulator.Tenant.StoreDomain + ".myshopify.com", shop.MyshopifyDomain);
        Assert.Equal(emulator.Tenant.StoreDomain, shop.StoreDomain);
        Assert.Equal("USD", shop.Currency);
        Assert.Equal(ShopifyCmdlet.ShopTypeName, result.Output[0].TypeNames[0]);
    }
}
