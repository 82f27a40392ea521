using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Sync.Planning;

namespace AlloyShopifySlack.Tests.Sync.Planning;

/// <summary>Plain orders, entries and options for the planner: no ports, no clock, no fakes.</summary>
internal static class PlanFixtures
{
    public static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static OrderSyncOptions Options(int digestThreshold = 10, bool whatIf = false, DateTimeOffset? since = null,
        params OrderRoute[] routes) => new()
    {
        MinimumTotal = 500m, Routes = new RouteTable(routes, "C_DEFAULT"), DigestThreshold = digestThreshold,
            WhatIf = whatIf, Since = since,
    };

    public static ShopifyOrder Order(int number, decimal total, int minutesAgo = 10, bool test = false, bool cancelled = false) => new()
    {
        Id = "gid://shopify/Order/" + number, Name = "#" + number, CreatedAt = Now.AddMinutes(-minutesAgo), Total = total, Currency = "USD",
        Test = test, CancelledAt = cancelled ? Now.AddMinutes(-1) : null,
    };

    public static LedgerEntry Entry(ShopifyOrder order, LedgerStatus status, string channel = "C_DEFAULT") => new()
    {
        OrderId = order.Id, OrderName = order.Name, CreatedAt = order.CreatedAt, Total = order.Total, Currency = order.Currency,
        Channel = channel, Status = status, Ts = status == LedgerStatus.Sent ? "1740830000.000001" : null,
        IntentAt = order.CreatedAt.AddMinutes(1), UpdatedAt = order.CreatedAt.AddMinutes(1),
    };

    /// <summary>A ledger that has run before (so new orders are new, not unknown).</summary>
    public static LedgerView Ledger(params LedgerEntry[] entries) => new(entries) { Checkpoint = Now.AddMinutes(-30),
        LastRunAt = Now.AddMinutes(-30) };

    public static SyncPlan Plan(OrderSyncOptions options, LedgerView ledger, params ShopifyOrder[] fetched) =>
        SyncPlanner.Plan(fetched, Array.Empty<ShopifyOrder>(), ledger, options, Now);

    public static OrderSyncPlanItem Item(SyncPlan plan, int number) => plan.Items.Single(i => i.OrderName == "#" + number);
}
