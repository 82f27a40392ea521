using System.Net;
using AlloyShopifySlack.Alloy;
using static AlloyShopifySlack.Tests.Alloy.ScriptedHandler;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>A delete retried after an ambiguous failure: gone afterwards counts as deleted, missing from the start does not.</summary>
public class AlloyDeleteRetryTests
{
    [Fact]
    public async Task ADeleteWhoseFirstAttemptFailedAmbiguouslyAndThenIsGoneCountsAsDeleted()
    {
        var path = $"/users/{ClientFactory.UserId}/credentials/cred1";
        var handler = new ScriptedHandler()
            .Once(HttpMethod.Delete, path, () => JsonReply(HttpStatusCode.BadGateway, "{}"))
            .On(HttpMethod.Delete, path, () => JsonReply(HttpStatusCode.NotFound, """{"message":"Credential not found"}"""));

        await ClientFactory.Client(handler).DeleteCredentialAsync("cred1", CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task ADeleteOfSomethingMissingIsStillNotFound()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Delete, $"/users/{ClientFactory.UserId}/credentials/nope",
            () => JsonReply(HttpStatusCode.NotFound, "{}"));

        await Assert.ThrowsAsync<AlloyNotFoundException>(() => ClientFactory.Client(handler).DeleteCredentialAsync("nope",
            CancellationToken.None));
    }
}
