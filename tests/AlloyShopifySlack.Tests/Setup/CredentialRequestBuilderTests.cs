using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Tests.Setup;

public sealed class CredentialRequestBuilderTests
{
    private static readonly Uri Redirect = new("http://127.0.0.1:50000/callback/nonce");

    private static AlloyCredentialMetadata Metadata(string schema, string? sample = null) => new()
    {
        ConnectorId = "shopify",
        AuthenticationType = "oauth2",
        InputSchema = JsonDocument.Parse(schema).RootElement.Clone(),
        SampleInput = sample == null ? default : JsonDocument.Parse(sample).RootElement.Clone(),
    };

    private const string Standard = "\"userId\":{\"type\":\"string\"},\"authenticationType\":{\"type\":\"string\",\"const\":\"oauth2\"}," +
        "\"redirectUri\":{\"type\":\"string\",\"format\":\"uri\"}";

    [Fact]
    public void Fills_the_standard_fields()
    {
        var request = CredentialRequestBuilder.Build(Metadata("{\"type\":\"object\",\"properties\":{" + Standard
            + "},\"required\":[\"userId\",\"authenticationType\",\"redirectUri\"]}"),
            "689593e23e4c93cae95fd75c", Redirect, null);
        Assert.Equal("689593e23e4c93cae95fd75c", (string?)request.Body["userId"]);
        Assert.Equal("oauth2", (string?)request.Body["authenticationType"]);
        Assert.Equal(Redirect.AbsoluteUri, (string?)request.Body["redirectUri"]);
        Assert.Null(request.StoreField);
    }

    [Theory]
    [InlineData("{\"type\":\"object\",\"properties\":{" + Standard + ",\"data\":{\"type\":\"object\",\"properties\":{\"shopName\":{\"" +
        "type\":\"string\"}},\"required\":[\"shopName\"]}},\"required\":[\"userId\",\"data\"]}", "data.shopName")]
    [InlineData("{\"type\":\"object\",\"properties\":{" + Standard + "},\"data\":{\"properties\":{\"subdomain\":{\"type\":\"string\"}},\"" +
        "required\":[\"subdomain\"]}}", "data.subdomain")]
    [InlineData("{\"type\":\"object\",\"properties\":{" + Standard + ",\"shopSubdomain\":{\"type\":\"string\"}},\"required\":[\"userId\"," +
        "\"shopSubdomain\"]}", "shopSubdomain")]
    [InlineData("{\"type\":\"object\",\"properties\":{" + Standard + ",\"label\":{\"type\":\"string\"},\"storeHandle\":{\"type\":\"" +
        "string\"}},\"required\":[\"storeHandle\"]}", "storeHandle")]
    public void Puts_the_store_where_the_schema_says(string schema, string expectedPath)
    {
        var request = CredentialRequestBuilder.Build(Metadata(schema), "u1", Redirect, "My-Store.myshopify.com");
        Assert.Equal(expectedPath, request.StoreField?.Path);
        var parts = expectedPath.Split('.');
        var value = parts.Length == 2 ? request.Body[parts[0]]?[parts[1]] : request.Body[parts[0]];
        Assert.Equal("my-store", (string?)value);
        Assert.Null(request.Note);
    }

    [Fact]
    public void Falls_back_to_the_sample_input_when_the_schema_names_no_store_field()
    {
        var metadata = Metadata("{\"type\":\"object\",\"properties\":{" + Standard + "}}",
            "{\"userId\":\"u\",\"authenticationType\":\"oauth2\",\"redirectUri\":\"https://example.com\",\"shop\":{\"domain\":\"x." +
                "myshopify.com\"}}");
        var request = CredentialRequestBuilder.Build(metadata, "u1", Redirect, "my-store");
        Assert.Equal("shop.domain", request.StoreField?.Path);
        Assert.Equal("my-store.myshopify.com", (string?)request.Body["shop"]?["domain"]);
    }

    [Fact]
    public void Says_so_when_nothing_names_the_store_field()
    {
        var request = CredentialRequestBuilder.Build(Metadata("{\"type\":\"object\",\"properties\":{" + Standard + "}}"), "u1",
            Redirect, "my-store");
        Assert.Equal("data.shopName", request.StoreField?.Path);
        Assert.NotNull(request.Note);
        Assert.Contains("names no store field", request.Note);
    }

    [Theory]
    [InlineData("my-store", "my-store")]
    [InlineData("  MY-STORE ", "my-store")]
    [InlineData("my-store.myshopify.com", "my-store")]
    [InlineData("https://my-store.myshopify.com/admin/orders", "my-store")]
    public void Normalises_the_store_name(string input, string expected)
    {
        Assert.Equal(expected, CredentialRequestBuilder.StoreValue(new CredentialField("data", "shopName", true), input));
        Assert.Equal(expected + ".myshopify.com", CredentialRequestBuilder.StoreValue(
            new CredentialField(null, "shopDomain", true), input));
    }

    [Theory]
    [InlineData("my store")]
    [InlineData("-store")]
    [InlineData("shop_1")]
    public void Refuses_what_is_not_a_store_name(string input)
    {
        var error = Assert.Throws<OnboardingException>(() => CredentialRequestBuilder.StoreValue(
            new CredentialField(null, "shopSubdomain", true), input));
        Assert.Equal("ShopNameInvalid", error.ErrorId);
    }

    [Fact]
    public void A_required_field_it_cannot_fill_is_named()
    {
        var metadata = Metadata("{\"type\":\"object\",\"properties\":{" + Standard
            + ",\"workspaceUrl\":{\"type\":\"string\"}},\"required\":[\"workspaceUrl\"]}");
        metadata.ConnectorId = "slack";
        var error = Assert.Throws<OnboardingException>(() => CredentialRequestBuilder.Build(metadata, "u1", Redirect, null));
        Assert.Equal("CredentialFieldsMissing", error.ErrorId);
        Assert.Contains("workspaceUrl", error.Message);
    }

    [Fact]
    public void Chooses_the_oauth_entry_of_the_metadata()
    {
        var list = new List<AlloyCredentialMetadata>
        {
            new() { ConnectorId = "shopify", AuthenticationType = "apiKey" },
            new() { ConnectorId = "shopify", AuthenticationType = "oauth2" },
        };
        Assert.Equal("oauth2", CredentialRequestBuilder.ChooseOAuth(list, "shopify").AuthenticationType);
        var error = Assert.Throws<OnboardingException>(() => CredentialRequestBuilder.ChooseOAuth(list.Take(1).ToList(), "shopify"));
        Assert.Equal("CredentialOAuthUnsupported", error.ErrorId);
    }
}
