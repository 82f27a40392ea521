using AlloyShopifySlack.Emulator.Infrastructure;
using AlloyShopifySlack.Emulator.Slack;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Slack.Interactions;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Tests.Sync.Crash;
using AlloyShopifySlack.Tests.Sync.Realistic;

namespace AlloyShopifySlack.Tests.Sync.FollowUps;

/// <summary>
/// Follow-ups with the real adapters against the realistic profile: metadata dropped (only block ids find a reply),
/// history and replies at 15 messages a call and one call per 2 s of emulated time, `after` ignored by listOrders.
/// </summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class RealisticFollowUpTests
{
    /// <summary>Four alerts whose orders then fall out of the created window (a later order moves the checkpoint on).</summary>
    private static async Task<(RealisticSyncHarness H, IReadOnlyList<string> Orders)> AlertedAsync()
    {
        var h = await RealisticSyncHarness.StartAsync();
        var orders = h.AddOrders(4, 800m, TimeSpan.FromHours(2));
        var first = await h.RunAsync();
        Assert.Equal(4, first.Result.MessagesSent);
        h.Emulator.State.Clock.Advance(TimeSpan.FromMinutes(30));
        h.AddOrders(1, 90m, TimeSpan.Zero);
        await h.RunAsync();
        return (h, orders);
    }

    private static SlackStoredMessage AlertOf(RealisticSyncHarness h, string orderId) =>
        h.Emulator.Messages().Single(m => m.Blocks?.Any(b => (string?)b!["block_id"] == AlertBlockIds.ForOrder(orderId)) == true);

    [Fact]
    public async Task Each_change_updates_its_alert_in_place_with_one_reply_found_again_by_block_id_and_a_rerun_adds_nothing()
    {
        var (h, orders) = await AlertedAsync();
        await using var _ = h;
        var store = h.Emulator.State.Shopify;
        store.Cancel(orders[0]);
        store.Refund(orders[1], 100m);
        store.Edit(orders[2], 450m);
        store.Fulfill(orders[3]);
        h.Emulator.State.Clock.Advance(TimeSpan.FromMinutes(1));
        var lists = h.Emulator.State.Counters["listOrders"];
        var history = h.HistoryRequests;

        var run = await h.RunAsync();

        Assert.True(run.Result.Succeeded, string.Join(" | ", run.Result.Errors));
        Assert.Equal((4, 4, 0, 4), (run.Result.FollowUps, run.Result.AlertsUpdated, run.Result.MessagesSent, run.Result.OrdersUpdated));
        Assert.Equal(2, h.Emulator.State.Counters["listOrders"] - lists); // the created window and one read of the updated orders
        Assert.Equal(1, h.HistoryRequests - history); // the four alerts are neighbours: one window, one page
        Assert.Equal(4, h.Emulator.Messages().Count(m => m.ThreadTs == null)); // no new top-level message
        var expected = new[] { "🚫 Cancelled: do not ship", "↩️ Partly refunded: USD 100.00",
            "⬇️ No longer above USD 500.00: total now USD 450.00", "📦 Fulfilled" };
        for (var n = 0; n < 4; n++)
        {
            var alert = AlertOf(h, orders[n]);
            Assert.StartsWith(expected[n], FollowUpMessages.StatusOf(alert.ToJson(h.Emulator.State.Slack.Identity, true)));
            var reply = Assert.Single(h.Emulator.State.Slack.Replies(h.Channel, alert.Ts));
            Assert.Equal(AlertBlockIds.ForFollowUp(AlertBlockIds.OrderNumber(orders[n]) + ".1"), (string?)reply.Blocks![0]!["block_id"]);
            Assert.Null(reply.Metadata);
        }
        Assert.Equal("ok", h.Verdict(orders));

        var updates = h.Emulator.Messages().Sum(m => m.UpdateCount);
        var rerun = await h.RunAsync();
        Assert.Equal((0, 0, 0), (rerun.Result.FollowUps, rerun.Result.AlertsUpdated, rerun.Result.MessagesSent));
        Assert.Equal(updates, h.Emulator.Messages().Sum(m => m.UpdateCount));
        Assert.Equal(4, h.Emulator.Messages().Count(m => m.ThreadTs != null));
    }

    [Fact]
    public async Task A_reply_that_landed_but_answered_502_is_found_in_the_thread_and_never_posted_twice()
    {
        var (h, orders) = await AlertedAsync();
        await using var _ = h;
        h.Emulator.State.Shopify.Cancel(orders[1]);
        h.Emulator.State.Faults.Add(FaultKind.Ambiguous, "chat_postMessage", count: 1);

        var first = await h.RunAsync();
        Assert.Contains(first.Result.Errors, e => e.Contains("the next run looks in the thread"));
        Assert.NotNull(h.ReadLedger().Find(orders[1])!.FollowUp);
        var replies = h.Emulator.State.Counters["slack/conversations_replies"];

        var second = await h.RunAsync();

        Assert.True(second.Result.Succeeded, string.Join(" | ", second.Result.Errors));
        Assert.Equal(0, second.Result.FollowUps);
        Assert.Equal(1, h.Emulator.State.Counters["slack/conversations_replies"] - replies);
        Assert.Single(h.Emulator.State.Slack.Replies(h.Channel, AlertOf(h, orders[1]).Ts));
        Assert.Null(h.ReadLedger().Find(orders[1])!.FollowUp);
    }

    [Fact]
    public async Task Escalation_reads_the_claim_from_Slack_and_escalates_only_the_unclaimed_alert_once()
    {
        var (h, orders) = await AlertedAsync();
        await using var _ = h;
        var claimed = AlertOf(h, orders[0]);
        var clicked = AcknowledgementMessage.Build(claimed.ToJson(h.Emulator.State.Slack.Identity, true), "U0CLAIMER1", "claimer", h.Now);
        claimed.Blocks = (JsonArray)clicked.Blocks!.DeepClone(); // what the listener's chat.update did on another machine
        var options = new OrderSyncOptions
        {
            MinimumTotal = 500m, Routes = new RouteTable(null, h.Channel), NoDigest = true,
            EscalateAfter = TimeSpan.FromMinutes(20), EscalateTo = "U0ONCALL01",
        };

        var run = await h.RunAsync(options);
        var again = await h.RunAsync(options);

        Assert.Equal((3, 0), (run.Result.Escalations, again.Result.Escalations));
        Assert.Empty(h.Emulator.State.Slack.Replies(h.Channel, claimed.Ts));
        foreach (var order in orders.Skip(1))
            Assert.Contains("<@U0ONCALL01>", (string)Assert.Single(h.Emulator.State.Slack.Replies(h.Channel, AlertOf(h, order).Ts))
                .Blocks![0]!["text"]!["text"]!);
        Assert.Equal("U0CLAIMER1", h.ReadLedger().Find(orders[0])!.ClaimedBy);
    }
}
