using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Tests.Slack;

public class ChannelPacerTests
{
    private readonly VirtualClock _clock = new();

    [Fact]
    public void A_quiet_channel_takes_a_burst_then_one_per_interval()
    {
        var pacer = new ChannelPacer(_clock, messagesPerSecond: 1, burst: 5, margin: TimeSpan.Zero);
        var waits = Enumerable.Range(0, 8).Select(_ => pacer.Reserve("C1").TotalSeconds).ToList();
        Assert.Equal(new double[] { 0, 0, 0, 0, 0, 1, 2, 3 }, waits);
    }

    [Fact]
    public void Channels_are_paced_independently()
    {
        var pacer = new ChannelPacer(_clock, messagesPerSecond: 1, burst: 1, margin: TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, pacer.Reserve("C1"));
        Assert.Equal(TimeSpan.Zero, pacer.Reserve("C2"));
        Assert.Equal(TimeSpan.FromSeconds(1), pacer.Reserve("C1"));
    }

    [Fact]
    public void The_bucket_refills_with_time()
    {
        var pacer = new ChannelPacer(_clock, messagesPerSecond: 2, burst: 2, margin: TimeSpan.Zero);
        pacer.Reserve("C1");
        pacer.Reserve("C1");
        Assert.Equal(TimeSpan.FromSeconds(0.5), pacer.Reserve("C1"));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, pacer.Reserve("C1"));
        Assert.Equal(TimeSpan.Zero, pacer.Reserve("C1"));
        Assert.Equal(TimeSpan.FromSeconds(0.5), pacer.Reserve("C1"));
    }

    [Fact]
    public void The_margin_is_added_to_every_interval()
    {
        var pacer = new ChannelPacer(_clock, messagesPerSecond: 1, burst: 1, margin: TimeSpan.FromMilliseconds(20));
        pacer.Reserve("C1");
        Assert.Equal(TimeSpan.FromMilliseconds(1020), pacer.Reserve("C1"));
        Assert.Equal(TimeSpan.FromMilliseconds(2040), pacer.Reserve("C1"));
    }

    [Fact]
    public void A_rate_limit_blocks_the_channel_for_the_retry_time_then_allows_no_burst()
    {
        var pacer = new ChannelPacer(_clock, messagesPerSecond: 1, burst: 5, margin: TimeSpan.Zero);
        pacer.Penalize("C1", TimeSpan.FromSeconds(7));
        Assert.Equal(TimeSpan.FromSeconds(7), pacer.Reserve("C1"));
        Assert.Equal(TimeSpan.FromSeconds(8), pacer.Reserve("C1"));
        Assert.Equal(TimeSpan.Zero, pacer.Reserve("C2"));
    }

    [Fact]
    public void A_slow_delivery_counts_when_it_landed_not_when_it_left()
    {
        var pacer = new ChannelPacer(_clock, messagesPerSecond: 1, burst: 2, margin: TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, pacer.Reserve("C1"));
        _clock.Advance(TimeSpan.FromSeconds(5)); // the first post took five seconds (a cold start)
        pacer.Delivered("C1");
        Assert.Equal(TimeSpan.Zero, pacer.Reserve("C1"));
        Assert.Equal(TimeSpan.FromSeconds(1), pacer.Reserve("C1")); // without Delivered this one would go at once: three in a burst of two
    }

    [Fact]
    public void A_retry_inside_the_client_takes_the_slot_after_the_wait()
    {
        var pacer = new ChannelPacer(_clock, messagesPerSecond: 1, burst: 5, margin: TimeSpan.Zero);
        pacer.Reserve("C1");
        pacer.RetryingAfterRateLimit("C1", TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(4), pacer.Reserve("C1"));
    }

    [Fact]
    public async Task Waiting_goes_through_the_clock()
    {
        var pacer = new ChannelPacer(_clock, messagesPerSecond: 1, burst: 1, margin: TimeSpan.Zero);
        await pacer.WaitTurnAsync("C1", CancellationToken.None);
        var second = pacer.WaitTurnAsync("C1", CancellationToken.None);
        Assert.False(second.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await second;
        Assert.Equal(new[] { TimeSpan.FromSeconds(1) }, _clock.Requested);
    }

    [Fact]
    public void Nonsense_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChannelPacer(_clock, messagesPerSecond: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChannelPacer(_clock, burst: 0));
    }
}
