using AlloyShopifySlack.Slack.Pacing;

namespace AlloyShopifySlack.Tests.Slack;

/// <summary>The workspace pacer on a virtual clock: bursts, learning from refusals, probing, the workspace window.</summary>
public class SlackPacerTests
{
    private readonly VirtualClock _clock = new();
    private static readonly SlackPacingOptions NoWorkspaceLimit = new() { WorkspaceMessagesPerMinute = null };

    private SlackPacer Pacer(SlackPacingOptions? options = null) => new(_clock, options ?? NoWorkspaceLimit);

    private static List<double> Waits(SlackPacer pacer, string channel, int count, ChannelLimit? limit = null) =>
        Enumerable.Range(0, count).Select(_ => pacer.Reserve(channel, limit).TotalSeconds).ToList();

    [Fact]
    public void A_channel_that_slack_never_refused_is_not_held_back()
    {
        var pacer = Pacer();
        Assert.All(Waits(pacer, "C1", 40), w => Assert.Equal(0, w));
        Assert.Null(pacer.Describe("C1").Interval);
    }

    [Fact]
    public void The_first_refusal_teaches_the_interval_and_the_burst_and_empties_the_bucket()
    {
        var pacer = Pacer();
        for (var i = 0; i < 5; i++)
        {
            pacer.Reserve("C1");
            _clock.Advance(TimeSpan.FromMilliseconds(50));
            pacer.Accepted("C1");
        }
        pacer.Reserve("C1");
        Assert.Equal(TimeSpan.FromSeconds(1), pacer.Refused("C1", TimeSpan.FromSeconds(1)));

        var learned = pacer.Describe("C1");
        AssertSeconds(1.005, learned.Interval); // Slack's wait plus the margin
        Assert.Equal(4, learned.Burst); // five went through in 0.2 s, of which 0.2 refilled
        var waits = Waits(pacer, "C1", 3);
        Assert.Equal(new[] { 1.0, 2.005, 3.01 }, waits.Select(w => Math.Round(w, 3))); // after the wait: no burst
        Assert.Equal(0, pacer.Reserve("C2").TotalSeconds); // another channel has its own pace
    }

    [Fact]
    public void A_long_retry_after_says_when_not_how_often()
    {
        var pacer = Pacer();
        pacer.Reserve("C1");
        Assert.Equal(TimeSpan.FromSeconds(30), pacer.Refused("C1", TimeSpan.FromSeconds(30)));
        AssertSeconds(1.005, pacer.Describe("C1").Interval);
        Assert.Equal(new[] { 30.0, 31.005 }, Waits(pacer, "C1", 2).Select(w => Math.Round(w, 3)));
    }

    [Fact]
    public void While_slack_accepts_the_pace_rises_and_a_refused_probe_goes_back_and_stays()
    {
        var pacer = Pacer();
        pacer.Reserve("C1");
        pacer.Refused("C1", TimeSpan.FromSeconds(1));
        var learned = pacer.Describe("C1").Interval!.Value;
        for (var i = 0; i < 5; i++) Accept(pacer, "C1");
        var probe = pacer.Describe("C1").Interval!.Value;
        Assert.Equal(learned.TotalSeconds * 0.9, probe.TotalSeconds, 6); // 11% faster after five accepted

        pacer.Reserve("C1");
        pacer.Refused("C1", TimeSpan.FromSeconds(1));
        Assert.Equal(learned, pacer.Describe("C1").Interval); // back to the pace that worked
        for (var i = 0; i < 30; i++) Accept(pacer, "C1");
        Assert.Equal(learned, pacer.Describe("C1").Interval); // and no probing below the refused one
        Assert.Equal(2, pacer.Describe("C1").Refusals);
    }

    [Fact]
    public void A_refusal_at_a_proven_pace_slows_the_channel()
    {
        var pacer = Pacer(new SlackPacingOptions { WorkspaceMessagesPerMinute = null, ProbeAfter = 1000 });
        pacer.Reserve("C1");
        pacer.Refused("C1", TimeSpan.FromSeconds(1));
        pacer.Reserve("C1");
        pacer.Refused("C1", TimeSpan.FromSeconds(1));
        AssertSeconds(1.005 * 1.25, pacer.Describe("C1").Interval);
    }

    [Fact]
    public void The_workspace_limit_is_shared_by_every_channel()
    {
        var pacer = Pacer(new SlackPacingOptions { WorkspaceMessagesPerMinute = 10 });
        var waits = Enumerable.Range(0, 12).Select(i => pacer.Reserve(i % 2 == 0 ? "C1" : "C2").TotalSeconds).ToList();
        Assert.Equal(Enumerable.Repeat(0.0, 10).Concat(new[] { 60.0, 60.0 }), waits);
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(0, pacer.Reserve("C3").TotalSeconds); // the 10 of the first minute no longer count
    }

    [Fact]
    public void A_callers_ceiling_caps_the_pace_without_teaching_the_pacer()
    {
        var pacer = Pacer();
        Assert.Equal(new[] { 0, 0, 0, 0.5, 1.0 }, Waits(pacer, "C1", 5, new ChannelLimit(2, 3)));
        Assert.Equal(new[] { 0.0 }, Waits(pacer, "C2", 1, new ChannelLimit(2, 3)));
        Assert.Null(pacer.Describe("C1").Interval);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChannelLimit(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChannelLimit(1, 0));
        Assert.Null(ChannelLimit.From(null, null));
    }

    [Fact]
    public void One_pacer_per_workspace_and_clock_is_shared()
    {
        var first = SlackPacer.ForWorkspace("https://alloy.test/|user|cred-a", _clock);
        Assert.Same(first, SlackPacer.ForWorkspace("https://alloy.test/|user|cred-a", _clock));
        Assert.NotSame(first, SlackPacer.ForWorkspace("https://alloy.test/|user|cred-b", _clock));
        Assert.NotSame(first, SlackPacer.ForWorkspace("https://alloy.test/|user|cred-a", new VirtualClock()));
    }

    [Fact]
    public async Task Waiting_goes_through_the_clock()
    {
        var pacer = Pacer();
        pacer.Reserve("C1");
        pacer.Refused("C1", TimeSpan.FromSeconds(2));
        var turn = pacer.WaitTurnAsync("C1", null, CancellationToken.None);
        Assert.False(turn.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(2));
        await turn;
        Assert.Equal(new[] { TimeSpan.FromSeconds(2) }, _clock.Requested);
    }

    /// <summary>
    /// 40 messages to one channel of a simulated Slack (its bucket as the emulator's: Retry-After in whole seconds),
    /// one at a time with 10 ms each way: within 1.10 × the floor + 2 s, with at most 3 refusals.
    /// </summary>
    [Theory]
    [InlineData(false, 5)]
    [InlineData(true, 5)]
    [InlineData(true, 25)]
    public void Forty_alerts_to_one_channel_come_close_to_the_floor_with_few_refusals(bool limited, int burst)
    {
        var pacer = Pacer();
        var slack = new SimulatedBucket(_clock, rate: 1, burst);
        var latency = TimeSpan.FromMilliseconds(10);
        var start = _clock.UtcNow;
        var refusals = 0;
        for (var message = 0; message < 40; message++)
        {
            for (var attempt = 1; ; attempt++)
            {
                Assert.True(attempt <= 4, "no message is sent more than four times");
                _clock.Advance(pacer.Reserve("C1"));
                _clock.Advance(latency);
                TimeSpan? retryAfter = null;
                var accepted = !limited || slack.TryTake(out retryAfter);
                _clock.Advance(latency);
                if (accepted) { pacer.Accepted("C1"); break; }
                refusals++;
                pacer.Refused("C1", retryAfter);
            }
        }
        var floor = limited ? 40 - burst : 0;
        var seconds = (_clock.UtcNow - start).TotalSeconds;
        Assert.True(seconds <= 1.10 * floor + 2, $"{seconds:0.00} s against a floor of {floor} s");
        Assert.True(refusals <= 3, $"{refusals} refusals");
    }

    private static void AssertSeconds(double expected, TimeSpan? actual) => Assert.Equal(expected, actual!.Value.TotalSeconds, 6);

    private void Accept(SlackPacer pacer, string channel)
    {
        _clock.Advance(pacer.Reserve(channel));
        pacer.Accepted(channel);
    }

    /// <summary>Slack's per-channel bucket as the emulator keeps it: Retry-After rounded up to whole seconds.</summary>
    private sealed class SimulatedBucket
    {
        private readonly VirtualClock _clock;
        private readonly double _rate;
        private readonly double _burst;
        private double _tokens;
        private DateTimeOffset _last;

        public SimulatedBucket(VirtualClock clock, double rate, double burst)
        {
            _clock = clock;
            _rate = rate;
            _burst = _tokens = burst;
            _last = clock.UtcNow;
        }

        public bool TryTake(out TimeSpan? retryAfter)
        {
            var now = _clock.UtcNow;
            _tokens = Math.Min(_burst, _tokens + (now - _last).TotalSeconds * _rate);
            _last = now;
            retryAfter = null;
            if (_tokens >= 1) { _tokens--; return true; }
            retryAfter = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((1 - _tokens) / _rate)));
            return false;
        }
    }
}
