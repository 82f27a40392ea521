using AlloyShopifySlack.Emulator;

namespace AlloyShopifySlack.Tests.Emulator;

public sealed class EmulatorBasicsTests
{
    private static EmulatorOptions Small() => new() { OrderCount = 40, Now = new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero) };

    [Fact]
    public async Task Binds_loopback_only_on_an_ephemeral_port()
    {
        await using var emulator = await EmulatorServer.StartAsync(Small());
        Assert.Equal("127.0.0.1", emulator.BaseUri.Host);
        Assert.NotEqual(0, emulator.BaseUri.Port);
    }

    [Fact]
    public async Task Requests_without_the_key_or_with_a_wrong_one_get_401_Unauthorized()
    {
        await using var emulator = await EmulatorServer.StartAsync(Small());
        using var http = new EmulatorHttp(emulator);

        var missing = await http.SendAsync(HttpMethod.Get, "connectors", key: null);
        var wrong = await http.SendAsync(HttpMethod.Get, "connectors", key: "not-the-key");
        var right = await http.SendAsync(HttpMethod.Get, "connectors");

        Assert.Equal(401, missing.Status);
        Assert.Equal("Unauthorized", (string?)missing.Body!["message"]);
        Assert.Equal(401, wrong.Status);
        Assert.Equal(200, right.Status);
        Assert.Equal(new[] { "shopify", "slack", "googlesheets" }, right.Body!["connectors"]!.AsArray().Select(c => (string?)c!["id"]));
    }

    [Fact]
    public async Task A_request_without_x_api_version_gets_400()
    {
        await using var emulator = await EmulatorServer.StartAsync(Small());
        using var http = new EmulatorHttp(emulator);

        var answer = await http.SendAsync(HttpMethod.Get, "users", apiVersion: null);

        Assert.Equal(400, answer.Status);
        Assert.Contains("x-api-version", (string?)answer.Body!["message"]);
    }

    [Fact]
    public async Task A_duplicate_username_gets_409_with_a_message()
    {
        await using var emulator = await EmulatorServer.StartAsync(Small());
        using var http = new EmulatorHttp(emulator);

        var first = await http.SendAsync(HttpMethod.Post, "users", new JsonObject { ["username"] = "acme", ["fullName"] = "Acme Inc" });
        var second = await http.SendAsync(HttpMethod.Post, "users", new JsonObject { ["username"] = "acme" });
        var byName = await http.SendAsync(HttpMethod.Get, "users/acme");

        Assert.Equal(200, first.Status);
        Assert.Equal(24, ((string?)first.Body!["userId"])!.Length);
        Assert.Equal(409, second.Status);
        Assert.Contains("acme", (string?)second.Body!["message"]);
        Assert.Equal((string?)first.Body!["userId"], (string?)byName.Body!["userId"]);
    }

    [Theory]
    [InlineData(ExecuteEnvelopeKind.ResponseData, "responseData")]
    [InlineData(ExecuteEnvelopeKind.SuccessResult, "result")]
    public async Task Execute_wraps_the_provider_answer_in_the_chosen_envelope(ExecuteEnvelopeKind kind, string payloadProperty)
    {
        var options = Small();
        options.Envelope = kind;
        await using var emulator = await EmulatorServer.StartAsync(options);
        using var http = new EmulatorHttp(emulator);

        var answer = await http.ExecuteAsync("slack", "auth_test", emulator.Tenant.SlackCredentialId);

        Assert.Equal(200, answer.Status);
        var body = answer.Body!.AsObject();
        Assert.True((bool)body[payloadProperty]!["ok"]!);
        if (kind == ExecuteEnvelopeKind.ResponseData)
        {
            Assert.Equal("completed", (string?)body["status"]);
            Assert.StartsWith("exec_", (string?)body["executionId"]);
            Assert.False(body.ContainsKey("success"));
        }
        else
        {
            Assert.True((bool)body["success"]!);
            Assert.False(body.ContainsKey("responseData"));
        }
    }

    [Fact]
    public async Task Execute_names_missing_required_parameters_and_unknown_actions()
    {
        await using var emulator = await EmulatorServer.StartAsync(Small());
        using var http = new EmulatorHttp(emulator);

        var missing = await http.ExecuteAsync("slack", "chat_postMessage", emulator.Tenant.SlackCredentialId,
            requestBody: new JsonObject { ["text"] = "x" });
        var unknown = await http.ExecuteAsync("slack", "postMessage", emulator.Tenant.SlackCredentialId);

        Assert.Equal(400, missing.Status);
        Assert.Contains("requestBody.channel", (string?)missing.Body!["message"]);
        Assert.Equal(404, unknown.Status);
        Assert.Contains("postMessage", (string?)unknown.Body!["message"]);
    }

    [Fact]
    public async Task Reset_restores_the_seeded_state_the_knobs_and_the_tenant_ids()
    {
        await using var emulator = await EmulatorServer.StartAsync(Small());
        using var http = new EmulatorHttp(emulator);
        var tenant = emulator.Tenant;
        await http.PostMessageAsync(tenant.ChannelId, "before reset");
        emulator.State.Shopify.AddGenerated(3);
        emulator.State.Slack.RateLimitEnabled = false;
        emulator.State.Shopify.CursorPassthrough = false;
        emulator.State.Faults.Add(AlloyShopifySlack.Emulator.Infrastructure.FaultKind.RevokedKey);

        emulator.State.Reset();
        var after = await http.SendAsync(HttpMethod.Get, "connectors");

        Assert.Equal(200, after.Status);
        Assert.Empty(emulator.Messages());
        Assert.Equal(40, emulator.State.Shopify.Count);
        Assert.True(emulator.State.Slack.RateLimitEnabled);
        Assert.True(emulator.State.Shopify.CursorPassthrough);
        Assert.Equal((tenant.UserId, tenant.ShopifyCredentialId, tenant.SlackCredentialId, tenant.ChannelId),
            (emulator.Tenant.UserId, emulator.Tenant.ShopifyCredentialId, emulator.Tenant.SlackCredentialId, emulator.Tenant.ChannelId));
    }
}
