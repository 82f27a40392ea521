using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Tests.Infrastructure;

namespace AlloyShopifySlack.Tests.Shopify;

/// <summary>Invoke-OrderSync learns the page size that fits Shopify's cost limit, keeps it in its state, and starts the next run with
/// it.</summary>
public sealed class ShopifyPageSizeSyncTests
{
    [Fact]
    public async Task The_page_size_learnt_by_one_run_is_kept_in_the_sync_state_and_used_by_the_next_run()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            OrderCount = 300, OrderDays = 3, ShopifyMaxQueryCost = 1000, ShopifyThrottling = false, SlackRateLimit = false,
        });
        var tenant = emulator.Tenant;
        using var host = new PowerShellHost();
        var state = Path.Combine(host.WorkingDirectory, "state");
        var session =
            new ShopifyClient(EmulatorClients.Client(emulator), tenant.ShopifyCredentialId); // the cmdlet's key in the session memory
        session.PageSizeThatFits = null;
        host.Invoke("$global:c = Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2] -NoSession; " +
                    "$global:p = @{ Connection = $c; ShopifyCredentialId = $args[3]; SlackCredentialId = $args[4]; Channel = $args[5]; " +
                        "StatePath = $args[6]; " +
                    "MinimumTotal = 1000000; Since = (Get-Date).AddDays(-4); FollowUpDays = 0 }", // created reads only
            emulator.ApiKey, emulator.BaseUri, tenant.UserId, tenant.ShopifyCredentialId, tenant.SlackCredentialId,
                tenant.ChannelId, state);
        try
        {
            var first = host.Invoke("Invoke-OrderSync @p -Quiet");
            var firstCalls = emulator.State.Counters["listOrders"];
            Assert.Empty(first.Errors);
            Assert.Equal(300, first.Output.Single().Properties["OrdersFetched"].Value);
            using (var ledger = FileOrderLedger.OpenReadOnly(new LedgerPaths(state, tenant.UserId, tenant.ShopifyCredentialId)))
                Assert.Equal("74", ledger.Facts[LearnedFacts.ShopifyPageSize]);

            session.PageSizeThatFits = null; // a new process: only the sync state remembers
            var second = host.Invoke("Invoke-OrderSync @p -Quiet");
            var secondCalls = emulator.State.Counters["listOrders"] - firstCalls;

            Assert.Empty(second.Errors);
            Assert.Equal(300, second.Output.Single().Properties["OrdersFetched"].Value);
            Assert.Equal(1 + 5, firstCalls); // one refusal, then ceil(300 / 74) pages
            Assert.Equal(5, secondCalls);   // no refusal: the run started with 74
        }
        finally { session.PageSizeThatFits = null; }
    }
}
