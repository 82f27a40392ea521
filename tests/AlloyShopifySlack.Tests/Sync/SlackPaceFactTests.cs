using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Slack.Pacing;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Adapters;
using AlloyShopifySlack.Tests.Slack;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>The sync's poster keeps each channel's learned pace in the sync state, so a new process starts with it.</summary>
public sealed class SlackPaceFactTests : IDisposable
{
    private readonly SyncHarness _h = new();
    private readonly VirtualClock _clock = new();
    private readonly FakeSlackConnector _slack;

    public SlackPaceFactTests() { _slack = new FakeSlackConnector(_clock); }

    public void Dispose() => _h.Dispose();

    /// <summary>A poster as a new process would have it: its own pacer, nothing learned.</summary>
    private (SlackAlertPoster Poster, SlackPacer Pacer) NewProcess()
    {
        var pacer = new SlackPacer(_clock, new SlackPacingOptions { WorkspaceMessagesPerMinute = null });
        return (new SlackAlertPoster(new SlackClient(_slack.NewClient(), "cred-slack", pacer: pacer)), pacer);
    }

    [Fact]
    public async Task A_pace_learned_in_one_run_starts_the_next()
    {
        var refused = false;
        _slack.Respond = call =>
        {
            if (refused || _slack.PostedTo("C1") != 3) return null;
            refused = true;
            return FakeSlackConnector.TooManyRequests(1);
        };
        var (first, _) = NewProcess();
        using (var ledger = await _h.OpenLedgerAsync())
        {
            first.UseFacts(ledger, record: true);
            for (var i = 0; i < 4; i++)
            {
                var posting = first.PostAsync("C1", new SlackMessage("alert " + i), CancellationToken.None);
                await _clock.RunAsync(posting, () => 1);
            }
            Assert.Equal("1.005;3", ledger.Facts[LearnedFacts.SlackPacePrefix + "C1"]); // three went at once, then a refusal
        }

        var (second, pacer) = NewProcess();
        using (var ledger = await _h.OpenLedgerAsync()) second.UseFacts(ledger, record: true);
        var known = pacer.Describe("C1");
        Assert.Equal(1.005, known.Interval!.Value.TotalSeconds, 6);
        Assert.Equal(3, known.Burst);
        Assert.Null(pacer.Describe("C2").Interval);
        var waits = Enumerable.Range(0, 4).Select(_ => pacer.Reserve("C1").TotalSeconds).ToList();
        Assert.Equal(new[] { 0, 0, 0, 1.005 }, waits.Select(w => Math.Round(w, 3))); // the burst, then the pace: no refusal needed
    }

    [Fact]
    public async Task What_if_reads_the_pace_and_records_none()
    {
        using (var ledger = await _h.OpenLedgerAsync()) ledger.SetFact(LearnedFacts.SlackPacePrefix + "C1", "2;1");
        var (poster, pacer) = NewProcess();
        using var reopened = await _h.OpenLedgerAsync();
        poster.UseFacts(reopened, record: false);
        Assert.Equal(2, pacer.Describe("C1").Interval!.Value.TotalSeconds, 6);
        pacer.Reserve("C2");
        pacer.Refused("C2", TimeSpan.FromSeconds(1)); // C2 learned in this run
        var posting = poster.PostAsync("C2", new SlackMessage("x"), CancellationToken.None);
        await _clock.RunAsync(posting, () => 1);
        Assert.False(reopened.Facts.ContainsKey(LearnedFacts.SlackPacePrefix + "C2"));
    }
}
