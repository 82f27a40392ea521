using AlloyShopifySlack.Sync;

namespace AlloyShopifySlack.Tests.Sync.FollowUps;

/// <summary>An alert nobody claimed in time is escalated once: to a user or group in its thread, or to another channel.</summary>
public sealed class EngineEscalationTests : IDisposable
{
    private const string Channel = "C_DEFAULT";
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    private OrderSyncOptions Escalating(string to = "U0ONCALL01", int minutes = 30) => new()
    {
        MinimumTotal = 500m, Routes = _h.Options().Routes, EscalateAfter = TimeSpan.FromMinutes(minutes), EscalateTo = to,
    };

    private async Task<FakeAlertPoster.Posted> AlertedAsync(string to = "U0ONCALL01")
    {
        await _h.KnownStateAsync();
        _h.AddOrders(1250m);
        await _h.RunAsync(Escalating(to));
        return _h.Poster.TopLevel(Channel).Single();
    }

    [Fact]
    public async Task An_unclaimed_alert_is_escalated_once_in_its_thread_after_the_delay_and_never_again()
    {
        var alert = await AlertedAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(29));
        var early = await _h.RunAsync(Escalating());
        _h.Clock.Advance(TimeSpan.FromMinutes(2));
        var due = await _h.RunAsync(Escalating());
        _h.Clock.Advance(TimeSpan.FromHours(2));
        var later = await _h.RunAsync(Escalating());

        Assert.Equal(0, early.Result.Escalations);
        Assert.Equal(1, due.Result.Escalations);
        Assert.Equal(0, later.Result.Escalations);
        var reply = _h.Poster.Thread(Channel, alert.Ts).Single();
        Assert.Contains("<@U0ONCALL01>", reply.Message.Blocks![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Contains("has not been claimed for 31 minutes", reply.Message.Text);
        Assert.Equal("alloy-followup:1001.escalation", (string)reply.Message.Blocks[0]!["block_id"]!);
        Assert.True(_h.ReadLedger().Entries.Single().Escalation!.Done);
    }

    [Fact]
    public async Task A_user_group_is_mentioned_as_a_subteam()
    {
        var alert = await AlertedAsync("S0ONCALL01");
        _h.Clock.Advance(TimeSpan.FromMinutes(31));
        await _h.RunAsync(Escalating("S0ONCALL01"));
        Assert.Contains("<!subteam^S0ONCALL01>", _h.Poster.Thread(Channel, alert.Ts).Single()
            .Message.Blocks![0]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_claimed_alert_is_not_escalated_and_the_claim_is_read_from_the_message_in_Slack()
    {
        var alert = await AlertedAsync();
        _h.Poster.Claim(Channel, alert.Ts, "U0CLAIMER1"); // by a listener on another machine: only Slack knows
        _h.Clock.Advance(TimeSpan.FromMinutes(45));
        var run = await _h.RunAsync(Escalating());

        Assert.Equal(0, run.Result.Escalations);
        Assert.Empty(_h.Poster.Thread(Channel, alert.Ts));
        Assert.Equal("U0CLAIMER1", _h.ReadLedger().Entries.Single().ClaimedBy);
        var reads = _h.Poster.MessageReads;
        await _h.RunAsync(Escalating());
        Assert.Equal(reads, _h.Poster.MessageReads); // once known as claimed, it is not read again
    }

    [Fact]
    public async Task A_cancelled_order_gets_its_follow_up_but_no_escalation()
    {
        var alert = await AlertedAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(45));
        _h.Source.Change(1001, _h.Clock.UtcNow, o => o.CancelledAt = _h.Clock.UtcNow);
        var run = await _h.RunAsync(Escalating());

        Assert.Equal((1, 0), (run.Result.FollowUps, run.Result.Escalations));
        Assert.DoesNotContain("claimed", _h.Poster.Thread(Channel, alert.Ts).Single().Message.Text);
    }

    [Fact]
    public async Task A_channel_target_gets_a_short_post_that_links_the_alert()
    {
        var alert = await AlertedAsync("C0ONCALL01");
        _h.Clock.Advance(TimeSpan.FromMinutes(31));
        var run = await _h.RunAsync(Escalating("C0ONCALL01"));

        Assert.Equal(1, run.Result.Escalations);
        Assert.Empty(_h.Poster.Thread(Channel, alert.Ts));
        var post = _h.Poster.TopLevel("C0ONCALL01").Single();
        var text = post.Message.Blocks![0]!["text"]!["text"]!.GetValue<string>();
        Assert.Contains($"<https://fake.slack.com/archives/{Channel}/p{alert.Ts.Replace(".", "")}|open the alert>", text);
        Assert.Contains($"<#{Channel}>", text);
        Assert.Equal(1, _h.Poster.AlertsPerOrder().Single().Value); // an escalation is not an alert
        Assert.Equal(0, (await _h.RunAsync(Escalating("C0ONCALL01"))).Result.Escalations);
    }

    [Fact]
    public async Task A_run_that_died_between_the_escalations_intent_and_its_settlement_does_not_escalate_twice()
    {
        var alert = await AlertedAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(31));
        _h.Poster.DuringReply = _ => throw new OperationCanceledException("killed");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.RunAsync(Escalating()));
        _h.Poster.DuringReply = null;

        var run = await _h.RunAsync(Escalating());

        Assert.Single(_h.Poster.Thread(Channel, alert.Ts));
        Assert.Equal(0, run.Result.Escalations);
        Assert.True(_h.ReadLedger().Entries.Single().Escalation!.Done);
    }

    [Fact]
    public async Task Escalation_needs_its_target_and_digests_are_never_escalated()
    {
        await _h.KnownStateAsync();
        _h.AddOrders(Enumerable.Repeat(700m, 12).ToArray());
        await _h.RunAsync(Escalating());
        _h.Clock.Advance(TimeSpan.FromHours(1));
        var run = await _h.RunAsync(Escalating());
        Assert.Equal(0, run.Result.Escalations);
        Assert.Single(_h.Poster.Messages);
    }
}
