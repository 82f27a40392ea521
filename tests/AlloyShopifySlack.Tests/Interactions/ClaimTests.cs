using System.Collections.Concurrent;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Tests.Interactions;

/// <summary>The Claim button: the first click claims the alert (who and when in the message), a second person is told who has it.</summary>
public sealed class ClaimTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 15, 10, 0, 0, TimeSpan.Zero);
    private readonly NotifyingUpdater _slack = new();

    private AcknowledgeHandler Handler(AcknowledgementRegistry? registry = null) =>
        new(_slack, null, null, null, registry, new ManualClock(Now));

    /// <summary>A click as a client still showing the Claim button sends it: its value, and the message as Slack holds it now.</summary>
    private static InteractionPayload Click(JsonObject message, string user)
    {
        var payload = SlackRequests.BlockActions(message, user);
        payload["actions"]![0]!["value"] = "#1001|gid://shopify/Order/1001";
        return InteractionPayloadParser.Parse("payload=" + Uri.EscapeDataString(payload.ToJsonString()));
    }

    [Fact]
    public async Task The_first_click_claims_the_alert_and_a_second_person_alone_is_told_who_has_it()
    {
        var handler = Handler();
        var claim = await handler.HandleAsync(Click(SlackRequests.AlertMessage(), "U0FIRST01"), Now, CancellationToken.None);
        var claimed = _slack.Updates.Single().Message.ToRequestBody(SlackRequests.Channel);
        claimed["ts"] = SlackRequests.Ts;

        var other = await Handler().HandleAsync(Click(claimed, "U0SECOND1"), Now,
            CancellationToken.None); // another listener: only the message knows
        var same = await Handler().HandleAsync(Click(claimed, "U0FIRST01"), Now, CancellationToken.None);

        Assert.Equal((InteractionStatus.Acknowledged, "U0FIRST01"), (claim.Status, claim.ClaimedBy));
        Assert.Equal("U0FIRST01", ClaimState.ClaimedBy(claimed));
        Assert.StartsWith("✅ Claimed by <@U0FIRST01> at <!date^1705312800^", ClaimLine(claimed));
        Assert.Equal((InteractionStatus.AlreadyAcknowledged, "U0FIRST01", true), (other.Status, other.ClaimedBy, other.ToldWhoHasIt));
        var told = Assert.Single(_slack.Told);
        Assert.Equal((SlackRequests.Channel, "U0SECOND1"), (told.Channel, told.User));
        Assert.Equal("🙋 Order #1001 is claimed by <@U0FIRST01>: ask them before you act on it.", told.Text);
        Assert.False(same.ToldWhoHasIt); // the holder clicking again is not told about themselves
        Assert.Single(_slack.Updates);
    }

    [Fact]
    public async Task A_click_that_races_the_first_before_its_update_lands_is_told_by_the_listener_that_took_it()
    {
        var registry = new AcknowledgementRegistry();
        var handler = Handler(registry);
        await handler.HandleAsync(Click(SlackRequests.AlertMessage(), "U0FIRST01"), Now, CancellationToken.None);
        var second = await handler.HandleAsync(Click(SlackRequests.AlertMessage(), "U0SECOND1"), Now,
            CancellationToken.None); // still shows the button

        Assert.Equal(("U0FIRST01", true), (second.ClaimedBy, second.ToldWhoHasIt));
    }

    [Fact]
    public async Task Through_Alloy_the_second_person_gets_an_ephemeral_message_that_never_reaches_the_channel()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OrderCount = 0, SlackRateLimit = false });
        using var client = new AlloyClient(new AlloyClientOptions(emulator.BaseUri, SecretText.ToSecureString(emulator.ApiKey),
            "test") { UserId = emulator.Tenant.UserId });
        var slack = new SlackClient(client, emulator.Tenant.SlackCredentialId);
        var channel = emulator.Tenant.ChannelId;
        var alert = SlackRequests.AlertMessage();
        var posted = await slack.PostMessageAsync(channel, new SlackMessage("alert") { Blocks = (JsonArray)alert["blocks"]!.DeepClone() },
            CancellationToken.None);
        var handler = new AcknowledgeHandler(new SlackClientMessageUpdater(slack));
        JsonObject Stored()
        {
            var json = emulator.Messages(channel).Single(m => m.Ts == posted.Ts).ToJson(emulator.State.Slack.Identity, true);
            return json;
        }
        InteractionPayload At(string user)
        {
            var payload = SlackRequests.BlockActions(Stored(), user, channel);
            return InteractionPayloadParser.Parse("payload=" + Uri.EscapeDataString(payload.ToJsonString()));
        }

        await handler.HandleAsync(At("U0FIRST01"), Now, CancellationToken.None);
        var second = await handler.HandleAsync(At("U0SECOND1"), Now, CancellationToken.None);

        Assert.True(second.ToldWhoHasIt);
        var ephemeral = Assert.Single(emulator.State.Slack.EphemeralMessages);
        Assert.Equal("U0SECOND1", ephemeral.User);
        Assert.Contains("claimed by <@U0FIRST01>", ephemeral.Text);
        Assert.Single(emulator.Messages(channel)); // nothing new in the channel
        Assert.Equal("U0FIRST01", ClaimState.ClaimedBy(Stored()));
    }

    private static string ClaimLine(JsonObject message) =>
        (string)message["blocks"]!.AsArray().Single(b => (string?)b!["block_" +
            "id"] == AcknowledgementMessage.AcknowledgedBlockId)!["elements"]![0]!["text"]!;

    private sealed class NotifyingUpdater : ISlackMessageUpdater, ISlackNotifier
    {
        public ConcurrentQueue<(string Channel, string Ts, SlackMessage Message)> Updates { get; } = new();
        public ConcurrentQueue<(string Channel, string User, string Text)> Told { get; } = new();

        public Task UpdateMessageAsync(string channel, string ts, SlackMessage message, CancellationToken ct)
        {
            Updates.Enqueue((channel, ts, message));
            return Task.CompletedTask;
        }

        public Task NotifyAsync(string channel, string user, string text, CancellationToken ct)
        {
            Told.Enqueue((channel, user, text));
            return Task.CompletedTask;
        }
    }
}
