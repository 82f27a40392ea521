using AlloyShopifySlack.Common;
using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Tests.Interactions;

public class RefusalReporterTests
{
    private sealed class Lines : IOperationLog
    {
        public List<string> Warnings { get; } = new();
        public void Write(LogLevel level, string message) { if (level == LogLevel.Warning) Warnings.Add(message); }
        public void Progress(ProgressReport report) { }
    }

    [Fact]
    public void A_flood_of_refusals_is_reported_twenty_a_minute_and_the_rest_counted()
    {
        var clock = new ManualClock(new DateTimeOffset(2024, 1, 15, 10, 0, 0, TimeSpan.Zero));
        var reporter = new RefusalReporter(clock);
        var log = new Lines();

        for (var i = 0; i < 25; i++) reporter.Report(log, "refused " + i);
        Assert.Equal(RefusalReporter.PerMinute, log.Warnings.Count);
        Assert.Equal("refused 19", log.Warnings[^1]);

        clock.Advance(TimeSpan.FromMinutes(1));
        reporter.Report(log, "refused later");
        Assert.Equal("5 more requests were refused in the previous minute (not shown one by one).", log.Warnings[^2]);
        Assert.Equal("refused later", log.Warnings[^1]);
    }
}
