using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Tests.Setup;

public sealed class ConsentPickTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 15, 10, 0, 0, TimeSpan.Zero);

    private static AlloyCredential Credential(string id, int createdMinutes, int? updatedMinutes = null) =>
        new() { CredentialId = id, ConnectorId = "shopify", CreatedAt = T0.AddMinutes(createdMinutes),
            UpdatedAt = T0.AddMinutes(updatedMinutes ?? createdMinutes) };

    private static Dictionary<string, AlloyCredential> Before(params AlloyCredential[] credentials) =>
        credentials.ToDictionary(c => c.CredentialId);

    [Fact]
    public void The_callback_id_wins_when_listed()
    {
        var now = new[] { Credential("a", 0), Credential("b", 5), Credential("c", 9) };
        Assert.Equal("b", OAuthConsentFlow.Pick(now, Before(now[0]), "b")?.CredentialId);
        Assert.Null(OAuthConsentFlow.Pick(now, Before(now[0]), "zzz"));
    }

    [Fact]
    public void Otherwise_the_newest_credential_that_was_not_there_before()
    {
        var old = Credential("a", 0);
        var now = new[] { Credential("c", 9), old, Credential("b", 5) };
        Assert.Equal("c", OAuthConsentFlow.Pick(now, Before(old), null)?.CredentialId);
    }

    [Fact]
    public void Otherwise_one_that_a_repeated_consent_refreshed()
    {
        var before = Before(Credential("a", 0), Credential("b", 1));
        var now = new[] { Credential("a", 0), Credential("b", 1, updatedMinutes: 30) };
        Assert.Equal("b", OAuthConsentFlow.Pick(now, before, null)?.CredentialId);
        Assert.Null(OAuthConsentFlow.Pick(new[] { Credential("a", 0), Credential("b", 1) }, before, null));
    }
}
