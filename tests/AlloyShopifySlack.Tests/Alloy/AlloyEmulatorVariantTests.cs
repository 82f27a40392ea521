using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Emulator;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>
/// The client against every shape the API facts leave open, as the emulator produces them over real HTTP:
/// both execute envelopes, each credential listing (the others 404 or empty), connector-style or bare credential types.
/// </summary>
public sealed class AlloyEmulatorVariantTests
{
    public static IEnumerable<object[]> Variants()
    {
        foreach (var envelope in Enum.GetValues<ExecuteEnvelopeKind>())
        foreach (var listing in Enum.GetValues<CredentialListVariant>())
        foreach (var others in Enum.GetValues<DisabledListingBehavior>())
        foreach (var bare in new[] { false, true })
        {
            if (listing == CredentialListVariant.All && others == DisabledListingBehavior.Empty) continue; // nothing is disabled
            yield return new object[] { envelope, listing, others, bare };
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task TheClientReadsCredentialsAndRunsActionsWhicheverShapeTheServerChose(ExecuteEnvelopeKind envelope,
        CredentialListVariant listing, DisabledListingBehavior others, bool bareType)
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            ApiKey = ClientFactory.ApiKey,
            OrderCount = 5,
            Envelope = envelope,
            CredentialListVariant = listing,
            OtherCredentialListings = others,
            BareCredentialType = bareType,
        });
        using var connection = ClientFactory.Connection(emulator.BaseUri, userId: emulator.Tenant.UserId);
        var client = connection.Client;

        var slack = await client.ListCredentialsAsync("slack", CancellationToken.None);
        var all = await client.ListCredentialsAsync(null, CancellationToken.None);
        var answer = await client.ExecuteAsync("slack", "chat_postMessage",
            new ActionRequest(Assert.Single(slack).CredentialId) { RequestBody =
                new System.Text.Json.Nodes.JsonObject { ["channel"] = emulator.Tenant.ChannelId, ["text"] = "variant" } },
            CancellationToken.None);

        Assert.Equal(emulator.Tenant.SlackCredentialId, slack[0].CredentialId);
        Assert.Equal("slack", slack[0].ConnectorId);
        Assert.Equal(new[] { "googlesheets", "shopify", "slack" }, all.Select(c => c.ConnectorId).OrderBy(c => c));
        Assert.True(answer.GetProperty("ok").GetBoolean());
        Assert.Single(emulator.State.Slack.Messages(emulator.Tenant.ChannelId));
    }
}
