using AlloyShopifySlack.Emulator.Infrastructure;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Tests.Sync.Crash;
using Xunit.Abstractions;

namespace AlloyShopifySlack.Tests.Sync.Realistic;

/// <summary>
/// Reconciliation when Alloy drops message metadata and Slack limits history to 15 messages a call and one call per
/// interval (2 s here, 60 s on Slack; the emulator clock stands in for the wall clock, so the waits cost nothing).
/// </summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class RealisticReconcileTests
{
    private readonly ITestOutputHelper _output;

    public RealisticReconcileTests(ITestOutputHelper output) { _output = output; }

    [Fact]
    public async Task An_ambiguous_post_with_metadata_dropped_settles_on_the_next_run_without_a_second_message()
    {
        await using var h = await RealisticSyncHarness.StartAsync();
        h.AddOrders(1, 100m, TimeSpan.FromMinutes(50));
        await h.RunAsync(); // a state that has run before
        var order = h.AddOrders(1, 900m, TimeSpan.FromMinutes(10)).Single();
        h.Emulator.State.Faults.Add(FaultKind.Ambiguous, "chat_postMessage", count: 1);
        h.Emulator.State.Faults.Add(FaultKind.HttpError, "conversations_history", count: 5, r => r.StatusCode = 503);

        var first = await h.RunAsync();
        Assert.Equal(1, first.Result.Pending);
        Assert.Equal(LedgerStatus.Pending, h.ReadLedger().Find(order)!.Status);
        var stored = Assert.Single(h.Emulator.Messages());
        Assert.Null(stored.Metadata); // Alloy dropped it: only the block id can find the message

        h.Emulator.State.Faults.Clear();
        var second = await h.RunAsync();

        Assert.Equal(0, second.Result.MessagesSent);
        Assert.Equal(1, second.Result.Reconciled);
        Assert.Equal(1, second.Result.HistoryLookups);
        Assert.True(second.Result.Succeeded, string.Join(" | ", second.Result.Errors));
        Assert.Equal(stored.Ts, h.ReadLedger().Find(order)!.Ts);
        Assert.Equal("ok", h.Verdict(new[] { order }));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(60)]
    public async Task Twenty_pending_alerts_settle_under_15_message_pages_and_one_history_call_per_interval(double interval)
    {
        await using var h = await RealisticSyncHarness.StartAsync(interval);
        h.AddOrders(1, 100m, TimeSpan.FromMinutes(50));
        await h.RunAsync();
        var orders = h.AddOrders(20, 900m, TimeSpan.FromMinutes(10));
        var ambiguous = h.Emulator.State.Faults.Add(FaultKind.Ambiguous, "chat_postMessage");
        var historyDown = h.Emulator.State.Faults.Add(FaultKind.HttpError, "conversations_history", configure: r => r.StatusCode = 503);
        var first = await h.RunAsync();
        Assert.Equal(20, first.Result.Pending);
        Assert.Equal(20, h.Emulator.Messages().Count);
        h.Emulator.State.Faults.Clear();
        await h.ChatterAsync(25); // people talk in the channel meanwhile: 45 messages above the oldest alert

        var requests = h.HistoryRequests;
        var started = h.Now;
        var second = await h.RunAsync();
        var took = h.Now - started;

        _output.WriteLine($"interval {interval} s: {second.Result.HistoryLookups} history lookups ({h.HistoryRequests - requests} " +
            "requests with the refusals), " +
                          $"{took.TotalSeconds:0} s of emulated time to settle 20 pending alerts");
        Assert.Equal(20, second.Result.Reconciled);
        Assert.Equal(0, second.Result.MessagesSent);
        Assert.Equal(0, second.Result.Pending);
        Assert.Equal(3, second.Result.HistoryLookups); // 45 messages, 15 a page, read once
        Assert.Equal(4, h.HistoryRequests - requests); // one refusal teaches the client the interval
        Assert.Equal(TimeSpan.FromSeconds(2 * interval), took);
        Assert.True(second.Result.Succeeded, string.Join(" | ", second.Result.Errors));
        Assert.Equal("ok", h.Verdict(orders));
        Assert.True(ambiguous.Fired == 20 && historyDown.Fired > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Deleting_the_state_folder_between_two_runs_posts_nothing_twice(bool digest)
    {
        await using var h = await RealisticSyncHarness.StartAsync();
        var orders = h.AddOrders(digest ? 12 : 5, 900m, TimeSpan.FromMinutes(30)).ToList();
        h.AddOrders(3, 100m, TimeSpan.FromMinutes(20));
        var first = await h.RunAsync(h.Options(noDigest: !digest));
        Assert.Equal(digest ? 1 : 5, first.Result.MessagesSent);

        Directory.Delete(h.StateDirectory, recursive: true); // a CI cache miss, a new runner
        orders.AddRange(h.AddOrders(3, 900m, TimeSpan.FromMinutes(5)));
        var second = await h.RunAsync(h.Options(noDigest: !digest));

        Assert.Equal(3, second.Result.MessagesSent);
        Assert.Equal(digest ? 12 : 5, second.Result.Reconciled);
        Assert.Equal(1, second.Result.HistoryLookups);
        Assert.True(second.Result.Succeeded, string.Join(" | ", second.Result.Errors));
        Assert.Equal("ok", h.Verdict(orders));
        Assert.All(h.ReadLedger().Entries, e => Assert.Equal(LedgerStatus.Sent, e.Status));
    }

    [Fact]
    public async Task Out_of_time_the_alerts_stay_pending_with_a_note_and_later_runs_go_on_where_it_stopped()
    {
        await using var h = await RealisticSyncHarness.StartAsync(historyIntervalSeconds: 60);
        h.AddOrders(1, 100m, TimeSpan.FromMinutes(50));
        await h.RunAsync();
        var orders = h.AddOrders(20, 900m, TimeSpan.FromMinutes(10));
        h.Emulator.State.Faults.Add(FaultKind.Ambiguous, "chat_postMessage");
        h.Emulator.State.Faults.Add(FaultKind.HttpError, "conversations_history", configure: r => r.StatusCode = 503);
        await h.RunAsync();
        h.Emulator.State.Faults.Clear();
        await h.ChatterAsync(60); // 80 messages above the oldest alert: more than 3 minutes of history calls
        h.Emulator.State.Clock.Advance(TimeSpan.FromMinutes(10));
        var options = h.Options(budget: TimeSpan.FromSeconds(200));

        var started = h.Now;
        var short1 = await h.RunAsync(options);
        Assert.True(h.Now - started <= TimeSpan.FromSeconds(200), $"{(h.Now - started).TotalSeconds} s");
        Assert.Equal(0, short1.Result.MessagesSent);
        Assert.Equal(20, short1.Result.NotChecked);
        Assert.Equal(20, short1.Result.Pending);
        var note = Assert.Single(short1.Result.Errors);
        Assert.Contains("20 alert(s) for " + h.Channel + " left pending", note);
        Assert.Contains("time budget ran out", note);

        var runs = new List<string> { $"{short1.Result.HistoryLookups} lookups, 0 settled" };
        var reconciled = 0;
        for (var run = 0; run < 4 && h.ReadLedger().Entries.Any(e => e.Status == LedgerStatus.Pending); run++)
        {
            var next = await h.RunAsync(options);
            Assert.Equal(0, next.Result.MessagesSent);
            reconciled += next.Result.Reconciled;
            runs.Add($"{next.Result.HistoryLookups} lookups, {next.Result.Reconciled} settled");
        }
        _output.WriteLine("runs under a 200 s budget at one call a minute: " + string.Join("; ", runs));
        Assert.Equal(20, reconciled);
        Assert.True(runs.Count <= 3, string.Join("; ", runs)); // each run went on where the last stopped
        Assert.All(h.ReadLedger().Entries.Where(e => e.Total == 900m), e => Assert.Equal(LedgerStatus.Sent, e.Status));
        Assert.Equal("ok", h.Verdict(orders));
    }
}
