using System.Net;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Slack.Pacing;

namespace AlloyShopifySlack.Tests.Slack;

public class AlertDispatcherTests
{
    private readonly VirtualClock _clock = new();
    private readonly FakeSlackConnector _slack;
    private readonly SlackClient _client;

    public AlertDispatcherTests()
    {
        _slack = new FakeSlackConnector(_clock);
        // The client's own ceiling of one a second after a burst of five: the schedule below is exact.
        _client = new SlackClient(_slack.NewClient(), "cred-slack", pacer: new SlackPacer(_clock)) { ChannelLimit =
            new ChannelLimit(1, 5) };
    }

    private static List<AlertItem> Items(string[] channels, int perChannel)
    {
        var builder = new OrderMessageBuilder();
        var items = new List<AlertItem>();
        var number = 0;
        for (var i = 0; i < perChannel; i++)
        {
            foreach (var channel in channels)
            {
                var order = Orders.Sample(name: $"#{channel}-{i}", number: ++number);
                items.Add(new AlertItem(channel, builder.Build(order), order));
            }
        }
        return items;
    }

    /// <summary>Channels that still have items that Slack has not accepted: each has a lane that is running.</summary>
    private Func<int> ActiveLanes(List<AlertItem> items, ISet<string>? refused = null) => () =>
        items.GroupBy(i => i.Channel).Count(g => (refused == null || !refused.Contains(g.Key)) && _slack.PostedTo(g.Key) < g.Count());

    private async Task<IReadOnlyList<AlertOutcome>> SendAll(List<AlertItem> items, ISet<string>? refused = null)
    {
        var sending = AlertDispatcher.SendAllAsync(_client, items, CancellationToken.None);
        await _clock.RunAsync(sending, ActiveLanes(items, refused));
        return await sending;
    }

    [Fact]
    public async Task Channels_go_concurrently_each_at_its_own_pace_and_in_order()
    {
        var channels = new[] { "C1", "C2", "C3", "C4" };
        var items = Items(channels, 12);

        var outcomes = await SendAll(items);

        Assert.All(outcomes, o => Assert.Equal(AlertStatus.Sent, o.Status));
        Assert.Equal(items, outcomes.Select(o => o.Item));
        foreach (var channel in channels)
        {
            var posts = _slack.Posted.Where(p => p.Channel == channel).ToList();
            Assert.Equal(items.Where(i => i.Channel == channel).Select(i => i.Message.Text), posts.Select(p => p.Text));
            // Burst of 5 at once, then one per second: the schedule the rate limit allows, no slower.
            var offsets = posts.Select(p => (p.At - _clock.Start).TotalSeconds).ToList();
            Assert.Equal(new double[] { 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7 }, offsets);
        }
        // Four channels of 12 took as long as one: they went side by side.
        Assert.Equal(_clock.Start.AddSeconds(7), _clock.UtcNow);
    }

    [Fact]
    public async Task A_refused_channel_fails_its_items_while_the_others_go_on()
    {
        var items = Items(new[] { "C1", "CBAD" }, 6);
        _slack.Respond = call => call.Channel == "CBAD" ? FakeSlackConnector.SlackError("channel_not_found") : null;

        var outcomes = await SendAll(items, new HashSet<string> { "CBAD" });

        var bad = outcomes.Where(o => o.Item!.Channel == "CBAD").ToList();
        Assert.All(bad, o => Assert.Equal(AlertStatus.Failed, o.Status));
        Assert.All(bad, o => Assert.Equal("channel_not_found", Assert.IsType<SlackApiException>(o.Exception).Code));
        Assert.All(bad, o => Assert.Contains("Check the channel id", o.Error));
        Assert.Single(_slack.Calls, c => c.Channel == "CBAD"); // the rest were not sent: the answer is known
        Assert.Equal(6, _slack.PostedTo("C1"));
        Assert.All(outcomes.Where(o => o.Item!.Channel == "C1"), o => Assert.Equal(AlertStatus.Sent, o.Status));
    }

    [Fact]
    public async Task One_refused_message_does_not_stop_its_channel()
    {
        var items = Items(new[] { "C1" }, 4);
        var tooLong = items[1].Message.Text;
        _slack.Respond = call => call.Text == tooLong ? FakeSlackConnector.SlackError("msg_too_long") : null;
        var sending = AlertDispatcher.SendAllAsync(_client, items, CancellationToken.None);
        await _clock.RunAsync(sending, () => _slack.Calls.Count < 4 ? 1 : 0);
        var outcomes = await sending;
        Assert.Equal(new[] { AlertStatus.Sent, AlertStatus.Failed, AlertStatus.Sent, AlertStatus.Sent }, outcomes.Select(o => o.Status));
        Assert.Equal("#C1-1", outcomes[1].OrderName);
        Assert.Equal(1250m, outcomes[1].Total);
        Assert.Equal(SlackAlertStatus.Failed, outcomes[1].ToAlertResult().Status);
    }

    [Fact]
    public async Task A_rate_limit_slows_that_channel_only()
    {
        var items = Items(new[] { "C1", "C2" }, 8);
        var limited = false;
        _slack.Respond = call =>
        {
            if (call.Channel != "C1" || limited || _slack.PostedTo("C1") != 2) return null;
            limited = true;
            return FakeSlackConnector.SlackError("ratelimited", new JsonObject { ["retry_after"] = 10 });
        };

        var outcomes = await SendAll(items);

        Assert.All(outcomes, o => Assert.Equal(AlertStatus.Sent, o.Status));
        var c1 = _slack.Posted.Where(p => p.Channel == "C1").Select(p => (p.At - _clock.Start).TotalSeconds).ToList();
        var c2 = _slack.Posted.Where(p => p.Channel == "C2").Select(p => (p.At - _clock.Start).TotalSeconds).ToList();
        // C1: two, then refused at t=0; ten seconds of silence, then one per second (plus the learned margin) with no new burst.
        AssertClose(new double[] { 0, 0, 10, 11, 12, 13, 14, 15 }, c1);
        Assert.Equal(new double[] { 0, 0, 0, 0, 0, 1, 2, 3 }, c2);
        Assert.Equal(items.Where(i => i.Channel == "C1").Select(i => i.Message.Text),
            _slack.Posted.Where(p => p.Channel == "C1").Select(p => p.Text));
    }

    [Fact]
    public async Task A_429_from_alloy_is_sent_again_by_the_slack_client_and_slows_the_channel()
    {
        var items = Items(new[] { "C1" }, 6);
        var limited = false;
        _slack.Respond = call =>
        {
            if (limited || _slack.PostedTo("C1") != 2) return null;
            limited = true;
            return FakeSlackConnector.TooManyRequests(4);
        };

        var outcomes = await SendAll(items);

        Assert.All(outcomes, o => Assert.Equal(AlertStatus.Sent, o.Status));
        var offsets = _slack.Posted.Select(p => (p.At - _clock.Start).TotalSeconds).ToList();
        // Refused at t=0 (Alloy reports the 429 up) and sent again by the Slack client after 4 s; the rest follow one a second, no burst.
        AssertClose(new double[] { 0, 0, 4, 5, 6, 7 }, offsets);
        Assert.Equal(7, _slack.Calls.Count);
    }

    [Fact]
    public async Task An_ambiguous_failure_is_reported_as_is_and_the_rest_go_on()
    {
        var items = Items(new[] { "C1" }, 3);
        var first = items[0].Message.Text;
        _slack.Respond = call => call.Text == first ? FakeSlackConnector.Json(HttpStatusCode.BadGateway, new JsonObject()) : null;
        var sending = AlertDispatcher.SendAllAsync(_client, items, CancellationToken.None);
        await _clock.RunAsync(sending, () => _slack.Calls.Count < 3 ? 1 : 0);
        var outcomes = await sending;
        Assert.IsType<AlloyAmbiguousResultException>(outcomes[0].Exception);
        Assert.Equal(AlertStatus.Failed, outcomes[0].Status);
        Assert.Equal(2, outcomes.Count(o => o.Succeeded));
        Assert.Equal(3, _slack.Calls.Count);
    }

    [Fact]
    public async Task A_refused_credential_fails_everything_left_without_calling()
    {
        var items = Items(new[] { "C1", "C2" }, 3);
        _slack.Respond = call => FakeSlackConnector.SlackError("token_revoked");
        var sending = AlertDispatcher.SendAllAsync(_client, items, CancellationToken.None, maxConcurrentChannels: 1);
        await _clock.RunAsync(sending, () => 0);
        var outcomes = await sending;
        Assert.All(outcomes, o => Assert.Contains("Connect-AlloySlack", o.Error));
        Assert.Single(_slack.Calls);
    }

    [Fact]
    public async Task Outcomes_stream_as_items_arrive()
    {
        var reported = new List<AlertOutcome>();
        var dispatcher = new AlertDispatcher(_client, (o, ct) => { lock (reported) reported.Add(o); return Task.CompletedTask; },
            CancellationToken.None);
        var items = Items(new[] { "C1" }, 2);
        dispatcher.Enqueue(items[0]);
        await _clock.RunAsync(WaitUntil(() => reported.Count == 1), () => 0);
        dispatcher.Enqueue(items[1]);
        var completing = dispatcher.CompleteAsync();
        await _clock.RunAsync(completing, () => reported.Count < 2 ? 1 : 0);
        Assert.Equal(items, reported.Select(o => o.Item));
        Assert.Throws<InvalidOperationException>(() => dispatcher.Enqueue(items[0]));
    }

    private static void AssertClose(double[] expected, List<double> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++) Assert.InRange(actual[i], expected[i], expected[i] + 0.05);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var limit = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > limit) throw new TimeoutException();
            await Task.Delay(1);
        }
    }
}
