using System.Net;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Emulator;

namespace AlloyShopifySlack.Tests.Emulator;

public sealed class EmulatorCredentialTests
{
    private static EmulatorOptions Options(Action<EmulatorOptions>? change = null)
    {
        var options = new EmulatorOptions { OrderCount = 5 };
        change?.Invoke(options);
        return options;
    }

    private static AlloyClient ClientFor(EmulatorServer emulator) =>
        new(new AlloyClientOptions(emulator.BaseUri, SecretText.ToSecureString(emulator.ApiKey),
            "test") { UserId = emulator.Tenant.UserId });

    [Theory]
    [InlineData(CredentialListVariant.ConnectorCredentials, DisabledListingBehavior.NotFound)]
    [InlineData(CredentialListVariant.UserCredentials, DisabledListingBehavior.NotFound)]
    [InlineData(CredentialListVariant.UserCredentials, DisabledListingBehavior.Empty)]
    [InlineData(CredentialListVariant.EmbeddedUserCredentials, DisabledListingBehavior.NotFound)]
    public async Task The_module_client_finds_the_slack_credential_whichever_listing_works(CredentialListVariant variant,
        DisabledListingBehavior others)
    {
        await using var emulator = await EmulatorServer.StartAsync(Options(
            o => { o.CredentialListVariant = variant; o.OtherCredentialListings = others; }));
        using var client = ClientFor(emulator);

        var credentials = await client.ListCredentialsAsync("slack", CancellationToken.None);

        Assert.Equal(new[] { emulator.Tenant.SlackCredentialId }, credentials.Select(c => c.CredentialId));
    }

    [Fact]
    public async Task A_disabled_listing_answers_404_or_empty_as_configured()
    {
        await using var emulator = await EmulatorServer.StartAsync(Options(
            o => o.CredentialListVariant = CredentialListVariant.UserCredentials));
        using var http = new EmulatorHttp(emulator);

        var connectorListing = await http.SendAsync(HttpMethod.Get, "connectors/slack/credentials");
        var userListing = await http.SendAsync(HttpMethod.Get, $"users/{emulator.Tenant.UserId}/credentials");

        Assert.Equal(404, connectorListing.Status);
        Assert.Equal(200, userListing.Status);
        Assert.Contains(userListing.Body!["data"]!.AsArray(), c => (string?)c!["type"] == "slack-oauth2");
    }

    [Theory]
    [InlineData(ShopifyStoreField.DataShopName, "data", "shopName")]
    [InlineData(ShopifyStoreField.DataSubdomain, "data", "subdomain")]
    [InlineData(ShopifyStoreField.ShopSubdomain, null, "shopSubdomain")]
    public async Task Shopify_metadata_names_the_configured_store_field(ShopifyStoreField option, string? parent, string field)
    {
        await using var emulator = await EmulatorServer.StartAsync(Options(o => o.ShopifyStoreField = option));
        using var http = new EmulatorHttp(emulator);

        var answer = await http.SendAsync(HttpMethod.Get, "connectors/shopify/credentials/metadata");

        var schema = answer.Body!["metadata"]![0]!["inputSchema"]!;
        var holder = parent == null ? schema : schema["properties"]![parent]!;
        Assert.NotNull(holder["properties"]![field]);
        Assert.Contains(holder["required"]!.AsArray(), r => (string?)r == field);
    }

    [Theory]
    [InlineData(OAuthCallbackParameters.None, "allow", "")]
    [InlineData(OAuthCallbackParameters.CredentialId, "allow", "credentialId=")]
    [InlineData(OAuthCallbackParameters.CredentialId, "deny", "error=access_denied")]
    public async Task The_consent_page_creates_the_credential_on_Allow_and_redirects(OAuthCallbackParameters callback, string decision,
        string expectedQuery)
    {
        await using var emulator = await EmulatorServer.StartAsync(Options(o => o.OAuthCallback = callback));
        using var http = new EmulatorHttp(emulator);
        var before = emulator.State.Directory.CredentialsOf(emulator.Tenant.UserId, "slack").Count;
        var created = await http.SendAsync(HttpMethod.Post, "connectors/slack/credentials", new JsonObject
        {
            ["userId"] = emulator.Tenant.UserId, ["authenticationType"] = "oauth2",
                ["redirectUri"] = "http://127.0.0.1:50123/callback/nonce42",
        });
        var oauthUrl = new Uri((string)created.Body!["oauthUrl"]!);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var page = await browser.GetStringAsync(oauthUrl);
        var state = oauthUrl.Query.Split('=')[1];
        var answer = await browser.PostAsync(new Uri(emulator.BaseUri, "_emulator/oauth/authorize"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = state, ["decision"] = decision }));
        var replay = await browser.PostAsync(new Uri(emulator.BaseUri, "_emulator/oauth/authorize"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = state, ["decision"] = decision }));

        Assert.Equal("127.0.0.1", oauthUrl.Host);
        Assert.Contains("Allow Slack access", page);
        Assert.Contains("id=\"allow\"", page);
        Assert.Equal(HttpStatusCode.Found, answer.StatusCode);
        var location = answer.Headers.Location!.ToString();
        Assert.StartsWith("http://127.0.0.1:50123/callback/nonce42", location);
        if (expectedQuery.Length == 0) Assert.DoesNotContain("?", location); else Assert.Contains(expectedQuery, location);
        var after = emulator.State.Directory.CredentialsOf(emulator.Tenant.UserId, "slack");
        Assert.Equal(decision == "allow" ? before + 1 : before, after.Count);
        if (decision == "allow") Assert.Equal("Demo Merchant's Slack Credential", after[^1].Name);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
    }

    [Fact]
    public async Task Creating_a_shopify_credential_without_the_store_field_is_a_400_that_names_it()
    {
        await using var emulator = await EmulatorServer.StartAsync(Options());
        using var http = new EmulatorHttp(emulator);

        var answer = await http.SendAsync(HttpMethod.Post, "connectors/shopify/credentials", new JsonObject
        {
            ["userId"] = emulator.Tenant.UserId, ["authenticationType"] = "oauth2", ["redirectUri"] = "http://127.0.0.1:1/cb",
        });

        Assert.Equal(400, answer.Status);
        Assert.Contains("data.shopName", (string?)answer.Body!["message"]);
    }
}
