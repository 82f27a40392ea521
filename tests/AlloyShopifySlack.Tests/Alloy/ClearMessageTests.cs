using System.Net;
using System.Net.Http.Headers;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Tests.Infrastructure;
using static AlloyShopifySlack.Tests.Alloy.ScriptedHandler;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>The messages a new user met that misled them, each now saying what happened and what to do.</summary>
public sealed class ClearMessageTests
{
    [Fact]
    public async Task A_429_says_how_long_Alloy_asked_to_wait()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors",
            () => JsonReply(HttpStatusCode.TooManyRequests, "{}", h => h.RetryAfter =
                new RetryConditionHeaderValue(TimeSpan.FromSeconds(600))));

        var error = await Assert.ThrowsAsync<AlloyRateLimitException>(() =>
            ClientFactory.Client(handler).ListConnectorsAsync(CancellationToken.None));

        Assert.Contains("asks to wait 600 s", error.Message);
        Assert.DoesNotContain("Wait a little", error.Message);
    }

    [Fact]
    public async Task A_refused_credential_id_points_at_the_credentials_not_at_the_actions_parameters()
    {
        var handler = new ScriptedHandler()
            .On(HttpMethod.Post, "/connectors/shopify/actions/listOrders/execute",
                () => JsonReply(HttpStatusCode.BadRequest, """{"message":"credentialId must be a valid ObjectId"}"""))
            .On(HttpMethod.Get, "/connectors/shopify/actions/listOrders",
                () => JsonReply("""{"action":{"id":"listOrders","parameters":[{"name":"first","in":"query","required":true}]}}"""));

        var error = await Assert.ThrowsAsync<AlloyBadRequestException>(() =>
            ClientFactory.Client(handler).ExecuteAsync("shopify", "listOrders", new ActionRequest("not-an-id"), CancellationToken.None));

        Assert.Contains("Get-AlloyCredential -ConnectorId shopify", error.Message);
        Assert.DoesNotContain("required parameters", error.Message);
    }

    [Fact]
    public void A_bad_BaseUri_parameter_is_blamed_on_the_parameter()
    {
        using var host = new PowerShellHost();
        var run = host.Invoke("Connect-Alloy -ApiKey k -BaseUri 'not a uri' -SkipCheck");
        var error = run.TerminatingError ?? Assert.Single(run.Errors);
        Assert.Contains("Connect-Alloy -BaseUri", error.ToString());
        Assert.DoesNotContain("ALLOY_BASE_URL", error.Exception.Message);
    }

    [Fact]
    public void A_mistyped_StatePath_is_an_error_not_a_sync_that_never_ran()
    {
        using var host = new PowerShellHost();
        var run = host.Invoke("Get-OrderSyncState -StatePath ./no-such-folder -UserId u1 -ShopifyCredentialId s1");
        Assert.Empty(run.Output);
        Assert.StartsWith("OrderSyncStateFolderNotFound", Assert.Single(run.Errors).FullyQualifiedErrorId);
        Assert.Contains("no-such-folder", run.Errors[0].ToString());

        Directory.CreateDirectory(Path.Combine(host.WorkingDirectory, "empty-state"));
        var empty = host.Invoke("Get-OrderSyncState -StatePath ./empty-state -UserId u1 -ShopifyCredentialId s1");
        Assert.Single(empty.Output);
        Assert.Contains(empty.Warnings, w => w.Contains("has not run for them there"));
    }

    [Fact]
    public void A_missing_channel_reads_as_a_sentence()
    {
        using var host = new PowerShellHost();
        var run = host.Invoke("Invoke-OrderSync -Connection $args[0] -ShopifyCredentialId s1 -SlackCredentialId s2 -StatePath ./state",
            ClientFactory.Connection(new ScriptedHandler()));
        var message = run.TerminatingError!.ToString();
        Assert.Contains("The sync cannot run. No Slack channel: pass -Channel", message);
        Assert.DoesNotContain("missing No", message);
    }
}
