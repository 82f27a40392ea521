using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync;

namespace AlloyShopifySlack.Tests.Sync.FollowUps;

/// <summary>The alert follows its order: changed in place, one thread reply per change, exactly once, across reruns and crashes.</summary>
public sealed class EngineFollowUpTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    private const string Channel = "C_DEFAULT";

    private async Task<FakeAlertPoster.Posted> AlertedAsync(decimal total = 600m)
    {
        await _h.KnownStateAsync();
        _h.AddOrders(total);
        var run = await _h.RunAsync();
        Assert.Equal(1, run.Result.MessagesSent);
        return _h.Poster.TopLevel(Channel).Single();
    }

    private ShopifyOrderChange Change(int number = 1001) => new(_h, number);

    private string? StatusOf(FakeAlertPoster.Posted alert) =>
        FollowUpMessages.StatusOf(_h.Poster.TopLevel(alert.Channel).Single(m => m.Ts == alert.Ts).Message.ToRequestBody(alert.Channel));

    private List<string> Replies(FakeAlertPoster.Posted alert) => _h.Poster.Thread(alert.Channel, alert.Ts).Select(
        m => m.Message.Text).ToList();

    [Fact]
    public async Task Cancel_refund_edit_and_fulfil_each_update_the_alert_and_add_one_reply_and_never_a_new_message()
    {
        var alert = await AlertedAsync();

        Change().Apply(o => o.FulfillmentStatus = "FULFILLED");
        var fulfilled = await _h.RunAsync();
        Assert.Equal("📦 Fulfilled", StatusOf(alert));
        Change().Apply(o => o.Total = 650m);
        await _h.RunAsync();
        Assert.Equal("✏️ Edited: total now USD 650.00 (was USD 600.00) · 📦 Fulfilled", StatusOf(alert));
        Change().Apply(o => { o.FinancialStatus = "PARTIALLY_REFUNDED"; o.TotalRefunded = 120m; });
        await _h.RunAsync();
        Assert.StartsWith("↩️ Partly refunded: USD 120.00", StatusOf(alert));
        Change().Apply(o => { o.CancelledAt = _h.Clock.UtcNow; o.FinancialStatus = "REFUNDED"; o.TotalRefunded = 650m; });
        var cancelled = await _h.RunAsync();

        Assert.Equal("🚫 Cancelled: do not ship · ↩️ Refunded USD 650.00 · ✏️ Edited: total now USD 650.00 (was USD 600.00) · 📦 Fulfilled",
            StatusOf(alert));
        var replies = Replies(alert);
        Assert.Equal(4, replies.Count);
        Assert.Contains("fulfilled", replies[0]);
        Assert.Contains("total edited from USD 600.00 to USD 650.00", replies[1].Replace("*", ""));
        Assert.Contains("partly refunded", replies[2]);
        Assert.Contains("cancelled", replies[3]);
        Assert.Single(_h.Poster.TopLevel(Channel)); // no new top-level message, ever
        Assert.Equal((1, 1, 0), (fulfilled.Result.FollowUps, fulfilled.Result.AlertsUpdated, fulfilled.Result.MessagesSent));
        Assert.Equal(1, cancelled.Result.FollowUps);
        var entry = _h.ReadLedger().Entries.Single();
        Assert.Equal(4, entry.FollowUps);
        Assert.Null(entry.Current);
        Assert.Null(entry.FollowUp);

        var rerun = await _h.RunAsync();
        Assert.Equal((0, 0, 0), (rerun.Result.FollowUps, rerun.Result.AlertsUpdated, rerun.Result.MessagesSent));
        Assert.Equal(4, Replies(alert).Count);
        Assert.True(rerun.Result.Succeeded, string.Join("; ", rerun.Result.Errors));
    }

    [Fact]
    public async Task A_change_keeps_the_claim_and_every_other_block_of_the_alert_as_it_is_in_Slack()
    {
        var alert = await AlertedAsync();
        _h.Poster.Claim(Channel, alert.Ts, "U0CLAIMER1");
        Change().Apply(o => o.FulfillmentStatus = "FULFILLED");
        await _h.RunAsync();

        var now = _h.Poster.TopLevel(Channel).Single().Message;
        Assert.Equal("U0CLAIMER1", ClaimState.ClaimedBy(now.ToRequestBody(Channel)));
        Assert.Equal(FollowUpMessages.StatusBlockId, (string)now.Blocks![0]!["block_id"]!);
        Assert.Equal("U0CLAIMER1", _h.ReadLedger().Entries.Single().ClaimedBy);
    }

    [Fact]
    public async Task Tags_the_sync_adds_itself_are_not_news_and_nothing_is_posted_when_nothing_that_matters_changed()
    {
        await _h.KnownStateAsync();
        _h.AddOrders(600m);
        await _h.RunAsync(new OrderSyncOptions { Routes = _h.Options().Routes, TagOrders = new[] { "alerted" } });
        Change().Apply(o => o.Tags = new[] { "alerted" });
        var run = await _h.RunAsync(new OrderSyncOptions { Routes = _h.Options().Routes, TagOrders = new[] { "alerted" } });
        Assert.Equal(0, run.Result.FollowUps);
        Assert.Equal(0, _h.Poster.UpdateCalls);

        Change().Apply(o => o.Tags = new[] { "alerted", "vip" });
        var tagged = await _h.RunAsync(new OrderSyncOptions { Routes = _h.Options().Routes, TagOrders = new[] { "alerted" } });
        Assert.Equal(1, tagged.Result.FollowUps);
        Assert.Contains("tagged vip", _h.Poster.Thread(Channel, _h.Poster.TopLevel(Channel)[0].Ts).Single().Message.Text);
    }

    [Fact]
    public async Task An_order_edited_above_the_threshold_is_alerted_then_and_one_edited_below_keeps_its_alert_marked()
    {
        await _h.KnownStateAsync();
        _h.AddOrders(300m, 700m);
        await _h.RunAsync();
        var alert = _h.Poster.TopLevel(Channel).Single();
        _h.Clock.Advance(TimeSpan.FromHours(3));
        _h.AddOrders(100m);
        await _h.RunAsync(); // the checkpoint moves on: both orders are out of the created window now
        Change(1001).Apply(o => o.Total = 900m);
        Change(1002).Apply(o => o.Total = 400m);

        var run = await _h.RunAsync();

        Assert.Equal(1, run.Result.MessagesSent);
        Assert.Equal(2, _h.Poster.TopLevel(Channel).Count);
        Assert.Equal("gid://shopify/Order/1001", _h.Poster.TopLevel(Channel)[1].Message.OrderId);
        Assert.Equal("⬇️ No longer above USD 500.00: total now USD 400.00", StatusOf(alert));
        Assert.Contains("no longer above USD 500.00", Replies(alert).Single());
        Assert.Equal(0, (await _h.RunAsync()).Result.MessagesSent);
    }

    [Fact]
    public async Task An_order_in_a_digest_gets_its_line_marked_and_its_reply_in_the_digests_thread()
    {
        await _h.KnownStateAsync();
        _h.AddOrders(Enumerable.Repeat(600m, 12).ToArray());
        await _h.RunAsync();
        var digest = _h.Poster.TopLevel(Channel).Single();
        _h.Poster.Messages[0] = digest with { Message = new SlackMessage("12 orders") { Metadata = digest.Message.Metadata,
            Blocks = DigestBlocks() } };
        Change(1003).Apply(o => o.CancelledAt = _h.Clock.UtcNow);

        var run = await _h.RunAsync();

        Assert.Equal(1, run.Result.FollowUps);
        var reply = _h.Poster.Thread(Channel, digest.Ts).Single();
        Assert.Contains("#1003", reply.Message.Text);
        var lines = _h.Poster.TopLevel(Channel).Single().Message.Blocks![1]!["text"]!["text"]!.GetValue<string>().Split('\n');
        Assert.EndsWith(FollowUpMessages.DigestStatusSeparator + "_🚫 Cancelled: do not ship_", lines[2]);
        Assert.DoesNotContain(FollowUpMessages.DigestStatusSeparator, lines[1]);
    }

    private static System.Text.Json.Nodes.JsonArray DigestBlocks()
    {
        var ids = Enumerable.Range(1001, 12).Select(n => "gid://shopify/Order/" + n).ToList();
        return new System.Text.Json.Nodes.JsonArray(
            BlockKit.Header("🎉 12 High-Value Orders", "alloy-digest:d1"),
            BlockKit.Section(string.Join("\n", Enumerable.Range(1001, 12).Select(n => $"• *#{n}* — USD 600.00 — Customer {n}")),
                AlertBlockIds.ForOrders(ids)));
    }

    [Fact]
    public async Task A_run_that_died_after_posting_a_reply_but_before_settling_it_settles_on_the_next_without_a_second_reply()
    {
        var alert = await AlertedAsync();
        Change().Apply(o => o.CancelledAt = _h.Clock.UtcNow);
        _h.Poster.DuringReply = _ => throw new OperationCanceledException("killed");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.RunAsync());
        Assert.NotNull(_h.ReadLedger().Entries.Single().FollowUp); // the intent was durable before the post

        _h.Poster.DuringReply = null;
        var run = await _h.RunAsync();

        Assert.Single(Replies(alert));
        Assert.Equal(0, run.Result.FollowUps);
        Assert.Equal(1, _h.Poster.ThreadReads);
        var entry = _h.ReadLedger().Entries.Single();
        Assert.Null(entry.FollowUp);
        Assert.Equal(1, entry.FollowUps);
        Assert.Equal("🚫 Cancelled: do not ship", StatusOf(alert));
    }

    [Fact]
    public async Task A_run_that_died_before_its_reply_landed_posts_it_once_on_the_next()
    {
        var alert = await AlertedAsync();
        Change().Apply(o => o.FulfillmentStatus = "FULFILLED");
        _h.Poster.FailReplyBefore = _ => new OperationCanceledException("killed");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.RunAsync());
        Assert.Empty(Replies(alert));

        _h.Poster.FailReplyBefore = null;
        var run = await _h.RunAsync();
        Assert.Single(Replies(alert));
        Assert.Equal(1, run.Result.FollowUps);
        Assert.Empty((await _h.RunAsync()).Result.Errors);
    }

    [Fact]
    public async Task An_alert_someone_deleted_gets_no_reply_and_is_not_tried_forever()
    {
        var alert = await AlertedAsync();
        _h.Poster.Delete(Channel, alert.Ts);
        Change().Apply(o => o.CancelledAt = _h.Clock.UtcNow);

        var run = await _h.RunAsync();
        Assert.Contains(run.Result.Errors, e => e.Contains("no longer in C_DEFAULT"));
        Assert.Empty(_h.Poster.Messages);
        Assert.True((await _h.RunAsync()).Result.Succeeded);
    }

    [Fact]
    public async Task Follow_ups_are_off_with_a_zero_window_and_alerts_older_than_the_window_are_not_followed()
    {
        var alert = await AlertedAsync();
        Change().Apply(o => o.CancelledAt = _h.Clock.UtcNow);
        var off = await _h.RunAsync(new OrderSyncOptions { Routes = _h.Options().Routes, FollowUpWindow = TimeSpan.Zero });
        Assert.Equal(0, off.Result.FollowUps);
        Assert.Equal(0, off.Result.OrdersUpdated);

        _h.Clock.Advance(TimeSpan.FromDays(8));
        Change().Apply(o => o.FulfillmentStatus = "FULFILLED");
        var late = await _h.RunAsync();
        Assert.Equal(0, late.Result.FollowUps);
        Assert.Empty(Replies(alert));
    }

    /// <summary>Changes a fake order the way a merchant would, an hour after the harness's orders, moving its updatedAt.</summary>
    private sealed class ShopifyOrderChange
    {
        private readonly SyncHarness _h;
        private readonly int _number;

        public ShopifyOrderChange(SyncHarness h, int number) { _h = h; _number = number; }

        public void Apply(Action<AlloyShopifySlack.Shopify.ShopifyOrder> change)
        {
            _h.Clock.Advance(TimeSpan.FromMinutes(5));
            _h.Source.Change(_number, _h.Clock.UtcNow, change);
        }
    }
}
