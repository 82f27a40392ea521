using System.Net;
using AlloyShopifySlack.Alloy;
using static AlloyShopifySlack.Tests.Alloy.ScriptedHandler;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>The three documented credential listings, metadata, create and delete.</summary>
public class AlloyCredentialTests
{
    private static readonly string UserPath = $"/users/{ClientFactory.UserId}/credentials";
    private static readonly string EmbeddedPath = $"/credentials/users/{ClientFactory.UserId}";

    [Fact]
    public async Task TheDocumentedConnectorListingIsUsedWhenItHasCredentials()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors/slack/credentials", () => JsonReply("""
            {"credentials":[{"credentialId":"66fb00000000000000000001","name":"Jane's Slack Credential","type":"slack-oauth2",
              "createdAt":"2025-01-15T10:00:00Z","updatedAt":"2025-01-16T10:00:00Z"}]}
            """));

        var credential = Assert.Single(await ClientFactory.Client(handler).ListCredentialsAsync("slack", CancellationToken.None));

        Assert.Equal("66fb00000000000000000001", credential.CredentialId);
        Assert.Equal("slack", credential.ConnectorId);
        Assert.Equal("slack-oauth2", credential.Type);
        Assert.Equal(new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.Zero), credential.CreatedAt);
        Assert.Equal(ClientFactory.UserId, handler.Requests[0].Header("x-alloy-userid"));
    }

    [Fact]
    public async Task AnEmptyConnectorListingFallsBackToTheUserListingFilteredByTypePrefix()
    {
        var handler = new ScriptedHandler()
            .On(HttpMethod.Get, "/connectors/shopify/credentials", () => JsonReply("""{"credentials":[]}"""))
            .On(HttpMethod.Get, UserPath, () => JsonReply("""
                {"data":[{"credentialId":"a1","type":"shopify-oauth2"},{"credentialId":"a2","type":"slack-oauth2"},{"credentialId":"a3",
                  "type":"shopifyplus-oauth2"},{"credentialId":"a4","type":"shopify"}]}
                """));
        var client = ClientFactory.Client(handler);

        var found = await client.ListCredentialsAsync("shopify", CancellationToken.None);

        Assert.Equal(new[] { "a1", "a4" }, found.Select(c => c.CredentialId));
        Assert.All(found, c => Assert.Equal("shopify", c.ConnectorId));

        // Having learnt that the documented listing is empty here, the next call goes straight to the one that works.
        await client.ListCredentialsAsync("shopify", CancellationToken.None);
        Assert.Equal(1, handler.Count(HttpMethod.Get, "/connectors/shopify/credentials"));
        Assert.Equal(2, handler.Count(HttpMethod.Get, UserPath));
    }

    [Fact]
    public async Task WhenOnlyTheEmbeddedListingExistsItIsUsed()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, EmbeddedPath, () => JsonReply("""
            {"data":[{"credentialId":"66fb1","type":"shopify","name":"Shopify alloy-sandbox.myshopify.com",
              "createdAt":"2025-01-15T10:00:00Z","updatedAt":"2025-01-15T10:00:00Z"}]}
            """));

        var credential = Assert.Single(await ClientFactory.Client(handler).ListCredentialsAsync("shopify", CancellationToken.None));

        Assert.Equal("66fb1", credential.CredentialId);
        Assert.Equal("Shopify alloy-sandbox.myshopify.com", credential.Name);
    }

    [Fact]
    public async Task AMissingRouteAnswered405AlsoFallsBack()
    {
        var handler = new ScriptedHandler()
            .On(HttpMethod.Get, "/connectors/slack/credentials", () => JsonReply(HttpStatusCode.MethodNotAllowed, "{}"))
            .On(HttpMethod.Get, UserPath, () => JsonReply("""{"data":[{"credentialId":"s1","type":"slack-oauth2"}]}"""));

        Assert.Equal("s1", Assert.Single(await ClientFactory.Client(handler).ListCredentialsAsync("slack",
            CancellationToken.None)).CredentialId);
    }

    [Fact]
    public async Task ListingEveryCredentialDerivesTheConnectorFromTheType()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, UserPath, () => JsonReply("""
            {"data":[{"credentialId":"1","type":"shopify-oauth2"},{"credentialId":"2","type":"slack"},{"credentialId":"3",
              "type":"googlesheets-oauth2"},{"credentialId":"4","type":"shopify-api-key"},{"credentialId":"5","connectorId":"hubspot",
              "type":"x"}]}
            """));

        var all = await ClientFactory.Client(handler).ListCredentialsAsync(null, CancellationToken.None);

        Assert.Equal(new[] { "shopify", "slack", "googlesheets", "shopify", "hubspot" }, all.Select(c => c.ConnectorId));
    }

    [Fact]
    public async Task AnUnknownUserSaysWhichUserAndHowToCheck()
    {
        var handler = new ScriptedHandler();

        var error = await Assert.ThrowsAsync<AlloyNotFoundException>(() =>
            ClientFactory.Client(handler).ListCredentialsAsync(null, CancellationToken.None));

        Assert.Contains(ClientFactory.UserId, error.Message);
        Assert.Contains("ALLOY_USER_ID", error.Message);
    }

    [Fact]
    public async Task MetadataIsReadWithItsSchemaAndFields()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors/shopify/credentials/metadata", () => JsonReply("""
            {"metadata":[{"authenticationType":"oauth2","authConfigRequired":false,
              "inputSchema":{"type":"object","properties":{"userId":{"type":"string"},"authenticationType":{"type":"string",
                "const":"oauth2"},"redirectUri":{"type":"string","format":"uri"},
                 "data":{"type":"object","properties":{"subdomain":{"type":"string"}},"required":["subdomain"]}},
               "required":["userId","authenticationType","redirectUri"]},
              "sampleInput":{"userId":"68fe","authenticationType":"oauth2","redirectUri":"https://example.com"}}]}
            """));

        var metadata = Assert.Single(await ClientFactory.Client(handler).GetCredentialMetadataAsync("shopify", CancellationToken.None));

        Assert.Equal("oauth2", metadata.AuthenticationType);
        Assert.Equal(new[] { "userId", "authenticationType", "redirectUri" }, metadata.RequiredFields);
        Assert.Equal(new[] { "userId", "authenticationType", "redirectUri", "data.subdomain" }, metadata.InputFields);
    }

    [Theory]
    [InlineData("""{"oauthUrl":"https://alloy.example.test/api/strategy/connector/slack/authorize?userId=u"}""",
        "https://alloy.example.test/api/strategy/connector/slack/authorize?userId=u", null)]
    [InlineData("""{"credentialId":"66fb2"}""", null, "66fb2")]
    [InlineData("""{"data":{"credentialId":"66fb3"}}""", null, "66fb3")]
    public async Task CreatingACredentialReturnsTheConsentUrlOrTheId(string answer, string? url, string? id)
    {
        var handler = new ScriptedHandler().On(HttpMethod.Post, "/connectors/slack/credentials", () => JsonReply(answer));

        var created = await ClientFactory.Client(handler).CreateCredentialAsync("slack",
            new System.Text.Json.Nodes.JsonObject { ["userId"] = ClientFactory.UserId }, CancellationToken.None);

        Assert.Equal(url, created.OAuthUrl);
        Assert.Equal(id, created.CredentialId);
    }

    [Fact]
    public async Task DeletingUsesTheUsersCredentialPath()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Delete, UserPath + "/66fb4", () => JsonReply("""{"success":true}"""));

        await ClientFactory.Client(handler).DeleteCredentialAsync("66fb4", CancellationToken.None);

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task ForUserActsAsAnotherUserOnTheSameConnection()
    {
        var other = "689593e23e4c93cae95fd700";
        var handler = new ScriptedHandler().On(HttpMethod.Get, $"/users/{other}/credentials", () => JsonReply("""{"data":[]}"""));
        using var client = ClientFactory.Client(handler);

        using (var scoped = client.ForUser(other)) await scoped.ListCredentialsAsync(null, CancellationToken.None);
        var scopedRequests = handler.Requests.Count;
        await client.ListUsersAsync(CancellationToken.None).ContinueWith(_ =>
            { }); // the original still works after the scoped one is disposed

        Assert.All(handler.Requests.Take(scopedRequests), r => Assert.Equal(other, r.Header("x-alloy-userid")));
        Assert.Equal(scopedRequests + 1, handler.Requests.Count);
        Assert.Equal(ClientFactory.UserId, handler.Requests[^1].Header("x-alloy-userid"));
    }
}
