using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Tests.Emulator;

public sealed class EmulatorFaultTests
{
    private static EmulatorOptions Frozen() => new() { OrderCount = 5, Now = new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero) };

    [Fact]
    public async Task The_ambiguous_failure_stores_the_message_then_answers_502()
    {
        await using var emulator = await EmulatorServer.StartAsync(Frozen());
        using var http = new EmulatorHttp(emulator);
        emulator.State.Faults.Add(FaultKind.Ambiguous, "chat_postMessage", count: 1);

        var failed = await http.PostMessageAsync(emulator.Tenant.ChannelId, "did it go?");
        var next = await http.PostMessageAsync(emulator.Tenant.ChannelId, "second");

        Assert.Equal(502, failed.Status);
        Assert.Equal(200, next.Status);
        Assert.Equal(new[] { "did it go?", "second" }, emulator.Messages().Select(m => m.Text));
    }

    [Fact]
    public async Task A_5xx_fault_does_nothing_and_a_revoked_key_gets_401_everywhere()
    {
        await using var emulator = await EmulatorServer.StartAsync(Frozen());
        using var http = new EmulatorHttp(emulator);
        emulator.State.Faults.Add(FaultKind.HttpError, "slack/chat_postMessage", count: 1, r => r.StatusCode = 503);

        var unavailable = await http.PostMessageAsync(emulator.Tenant.ChannelId, "lost");
        emulator.State.Faults.Add(FaultKind.RevokedKey);
        var revoked = await http.SendAsync(HttpMethod.Get, "connectors");

        Assert.Equal(503, unavailable.Status);
        Assert.Empty(emulator.Messages());
        Assert.Equal(401, revoked.Status);
    }

    [Fact]
    public async Task Malformed_and_truncated_bodies_are_not_JSON()
    {
        await using var emulator = await EmulatorServer.StartAsync(Frozen());
        using var http = new EmulatorHttp(emulator);
        emulator.State.Faults.Add(FaultKind.MalformedJson, "auth_test", count: 1);
        emulator.State.Faults.Add(FaultKind.TruncatedJson, "GET /connectors", count: 1);

        var malformed = await http.ExecuteAsync("slack", "auth_test", emulator.Tenant.SlackCredentialId);
        var truncated = await http.SendAsync(HttpMethod.Get, "connectors");
        var healthy = await http.SendAsync(HttpMethod.Get, "connectors");

        Assert.Equal(200, malformed.Status);
        Assert.Null(malformed.Body);
        Assert.Equal(200, truncated.Status);
        Assert.Null(truncated.Body);
        Assert.NotNull(healthy.Body);
    }

    [Theory]
    [InlineData(5, false, "5")]
    [InlineData(null, false, null)]
    public async Task A_429_storm_answers_with_or_without_Retry_After(int? seconds, bool asDate, string? expected)
    {
        await using var emulator = await EmulatorServer.StartAsync(Frozen());
        using var http = new EmulatorHttp(emulator);
        emulator.State.Faults.Add(FaultKind.RateLimit, "listOrders", count: 2,
            r => { r.RetryAfterSeconds = seconds; r.RetryAfterAsDate = asDate; });

        var first = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId,
            new System.Text.Json.Nodes.JsonObject { ["first"] = 1 });
        var second = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId,
            new System.Text.Json.Nodes.JsonObject { ["first"] = 1 });
        var third = await http.ExecuteAsync("shopify", "listOrders", emulator.Tenant.ShopifyCredentialId,
            new System.Text.Json.Nodes.JsonObject { ["first"] = 1 });

        Assert.Equal(429, first.Status);
        Assert.Equal(429, second.Status);
        Assert.Equal(200, third.Status);
        Assert.Equal(expected, first.Response.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null);
    }

    [Fact]
    public async Task A_slack_error_fault_answers_ok_false_for_its_channel_only()
    {
        await using var emulator = await EmulatorServer.StartAsync(Frozen());
        using var http = new EmulatorHttp(emulator);
        emulator.State.Faults.Add(FaultKind.SlackError, "chat_postMessage",
            configure: r => { r.SlackError = "is_archived"; r.Channel = emulator.Tenant.ChannelIds[1]; });

        var faulty = await http.PostMessageAsync(emulator.Tenant.ChannelIds[1], "x");
        var fine = await http.PostMessageAsync(emulator.Tenant.ChannelId, "y");

        Assert.Equal("is_archived", (string?)faulty.Body!["responseData"]!["error"]);
        Assert.True((bool)fine.Body!["responseData"]!["ok"]!);
    }

    [Fact]
    public async Task Counters_count_endpoints_and_actions()
    {
        await using var emulator = await EmulatorServer.StartAsync(Frozen());
        using var http = new EmulatorHttp(emulator);

        await http.PostMessageAsync(emulator.Tenant.ChannelId, "a");
        await http.PostMessageAsync(emulator.Tenant.ChannelId, "b");
        await http.SendAsync(HttpMethod.Get, "connectors");

        Assert.Equal(2, emulator.State.Counters["slack/chat_postMessage"]);
        Assert.Equal(2, emulator.State.Counters["chat_postMessage"]);
        Assert.Equal(1, emulator.State.Counters["GET /connectors"]);
    }
}
