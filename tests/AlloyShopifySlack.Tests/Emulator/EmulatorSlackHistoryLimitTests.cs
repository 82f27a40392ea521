using AlloyShopifySlack.Emulator;

namespace AlloyShopifySlack.Tests.Emulator;

/// <summary>conversations.history as Slack limits apps outside its Marketplace: 15 messages a call, one call a minute.</summary>
public sealed class EmulatorSlackHistoryLimitTests
{
    private static EmulatorOptions Options(int? pageLimit = null, double? interval = null) => new()
    {
        OrderCount = 5, SlackRateLimit = false, Now = new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero),
        SlackHistoryPageLimit = pageLimit, SlackHistoryIntervalSeconds = interval,
    };

    private static async Task PostAsync(EmulatorHttp http, string channel, int count)
    {
        for (var i = 0; i < count; i++) Assert.Equal(200, (await http.PostMessageAsync(channel, "message " + i)).Status);
    }

    private static Task<(int Status, JsonNode? Body, System.Net.Http.HttpResponseMessage Response)> HistoryAsync(
        EmulatorServer emulator, EmulatorHttp http, string channel, string? cursor = null)
    {
        var query = new JsonObject { ["channel"] = channel, ["limit"] = 100 };
        if (cursor != null) query["cursor"] = cursor;
        return http.ExecuteAsync("slack", "conversations_history", emulator.Tenant.SlackCredentialId, query);
    }

    [Theory]
    [InlineData(null, 20)]
    [InlineData(15, 15)]
    public async Task A_page_holds_at_most_the_page_limit_whatever_limit_asks_and_the_cursor_brings_the_rest(int? pageLimit, int firstPage)
    {
        await using var emulator = await EmulatorServer.StartAsync(Options(pageLimit));
        using var http = new EmulatorHttp(emulator);
        var channel = emulator.Tenant.ChannelId;
        await PostAsync(http, channel, 20);

        var first = (await HistoryAsync(emulator, http, channel)).Body!["responseData"]!;
        Assert.Equal(firstPage, first["messages"]!.AsArray().Count);
        Assert.Equal(firstPage < 20, (bool)first["has_more"]!);
        if (firstPage == 20) return;
        var second = (await HistoryAsync(emulator, http, channel, (string)first["response_metadata"]!["next_cursor"]!))
            .Body!["responseData"]!;
        Assert.Equal(5, second["messages"]!.AsArray().Count);
        Assert.False((bool)second["has_more"]!);
        Assert.Equal("", (string)second["response_metadata"]!["next_cursor"]!);
        var texts = first["messages"]!.AsArray().Concat(second["messages"]!.AsArray()).Select(m => (string)m!["text"]!).ToList();
        Assert.Equal(Enumerable.Range(0, 20).Reverse().Select(i => "message " + i), texts); // newest first, each once
    }

    [Fact]
    public async Task A_second_call_within_the_interval_is_refused_with_429_and_Retry_After_on_the_emulator_clock()
    {
        await using var emulator = await EmulatorServer.StartAsync(Options(15, interval: 2));
        using var http = new EmulatorHttp(emulator);
        var channel = emulator.Tenant.ChannelId;
        await PostAsync(http, channel, 3);

        var first = await HistoryAsync(emulator, http, channel);
        var refused = await HistoryAsync(emulator, http, channel);
        var otherChannel = await HistoryAsync(emulator, http, "C0VIPORDERS");
        emulator.State.Clock.Advance(TimeSpan.FromSeconds(1.5));
        var stillRefused = await HistoryAsync(emulator, http, channel);
        emulator.State.Clock.Advance(TimeSpan.FromSeconds(0.5));
        var allowed = await HistoryAsync(emulator, http, channel);

        Assert.Equal(200, first.Status);
        Assert.Equal(429, refused.Status);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Response.Headers.RetryAfter!.Delta);
        Assert.False((bool)refused.Body!["ok"]!);
        Assert.Equal("ratelimited", (string)refused.Body!["error"]!);
        Assert.Equal(200, otherChannel.Status); // the limit is per channel
        Assert.Equal(429, stillRefused.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), stillRefused.Response.Headers.RetryAfter!.Delta); // rounded up to whole seconds
        Assert.Equal(200, allowed.Status);
        Assert.Equal(3, allowed.Body!["responseData"]!["messages"]!.AsArray().Count);
        Assert.Equal(5, emulator.State.Counters["slack/conversations_history"]);
    }

    [Fact]
    public void The_realistic_profile_turns_both_limits_on()
    {
        var options = new EmulatorOptions().UseRealisticProfile(historyIntervalSeconds: 2);
        Assert.Equal(15, options.SlackHistoryPageLimit);
        Assert.Equal(2, options.SlackHistoryIntervalSeconds);
    }
}
