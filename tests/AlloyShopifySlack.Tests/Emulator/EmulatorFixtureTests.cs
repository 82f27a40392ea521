using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Tests.Infrastructure;

namespace AlloyShopifySlack.Tests.Emulator;

public sealed class EmulatorFixtureTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _fixture;

    public EmulatorFixtureTests(EmulatorFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task The_module_client_posts_through_the_shared_emulator_and_reset_clears_it()
    {
        _fixture.Reset();
        using var client = _fixture.CreateClient();
        var tenant = _fixture.Server.Tenant;

        var answer = await client.ExecuteAsync("slack", "chat_postMessage",
            new ActionRequest(tenant.SlackCredentialId) { RequestBody = new JsonObject { ["channel"] = tenant.ChannelId,
                ["text"] = "via fixture" } },
            CancellationToken.None);

        Assert.True(answer.GetProperty("ok").GetBoolean());
        Assert.Equal("via fixture", _fixture.Server.Messages().Single().Text);
        _fixture.Reset();
        Assert.Empty(_fixture.Server.Messages());
    }

    [Fact]
    public async Task The_linked_clock_lets_a_client_wait_out_a_429_without_sleeping()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OrderCount = 1,
            Now = DateTimeOffset.Parse("2024-01-15T12:00:00Z") });
        var clock = new EmulatorLinkedClock(emulator.State.Clock);
        using var client = EmulatorClients.Client(emulator, clock);
        var tenant = emulator.Tenant;

        for (var i = 0; i < 8; i++)
        {
            await client.ExecuteAsync("slack", "chat_postMessage",
                new ActionRequest(tenant.SlackCredentialId) { RequestBody = new JsonObject { ["channel"] = tenant.ChannelId,
                    ["text"] = $"m{i}" } },
                CancellationToken.None);
        }

        Assert.Equal(8, emulator.Messages().Count);
        Assert.True(clock.Waited >= TimeSpan.FromSeconds(3), $"waited {clock.Waited}");
    }
}
