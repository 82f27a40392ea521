using System.Net;
using AlloyShopifySlack.Alloy;
using static AlloyShopifySlack.Tests.Alloy.ScriptedHandler;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>Every error class says what happened and what to do, and never shows the key.</summary>
public class AlloyErrorTests
{
    private const string Execute = "/connectors/slack/actions/chat_postMesage/execute";
    private const string Actions = """{"actions":[{"id":"chat_postMessage","displayName":"Post a """ +
        """message"},{"id":"chat_update","displayName":"Update a message"}]}""";
    private const string PostMessageSchema = """
        {"action":{"id":"chat_postMessage","displayName":"Post a message","httpMethod":"post","path":"/chat.postMessage",
          "parameters":[{"name":"token","in":"header","required":false}],
          "requestBody":{"type":"object","required":["channel","text"],"properties":{"channel":{"type":"string"},"text":{"type":"string"},
            "blocks":{"type":"array"}}}}}
        """;

    [Fact]
    public async Task A401NamesWhereTheKeyCameFromAndWhatToDo()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors",
            () => JsonReply(HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}"""));

        var error = await Assert.ThrowsAsync<AlloyAuthenticationException>(
            () => ClientFactory.Client(handler).ListConnectorsAsync(CancellationToken.None));

        Assert.Equal("AlloyUnauthorized", error.ErrorId);
        Assert.Contains("environment variable ALLOY_API_KEY", error.Message);
        Assert.Contains("Connect-Alloy", error.Message);
        Assert.Single(handler.Requests); // an authentication failure is not retried
    }

    [Fact]
    public async Task AServerThatEchoesTheKeyIsRedacted()
    {
        var echo = $$"""{"error":"Unauthorized","message":"Invalid API key {{ClientFactory.ApiKey}}"}""";
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors", () => JsonReply(HttpStatusCode.Unauthorized, echo));

        var error = await Assert.ThrowsAsync<AlloyAuthenticationException>(
            () => ClientFactory.Client(handler).ListConnectorsAsync(CancellationToken.None));

        SecretAssert.Absent(error.Message + error.ResponseExcerpt + error);
        Assert.Contains("[redacted]", error.Message);
    }

    [Fact]
    public async Task AnUnknownActionListsTheConnectorsActions()
    {
        var handler = new ScriptedHandler()
            .On(HttpMethod.Post, Execute, () => JsonReply(HttpStatusCode.NotFound,
                """{"error":"Not Found","message":"Action 'chat_postMesage' not found for connector 'slack'"}"""))
            .On(HttpMethod.Get, "/connectors/slack/actions", () => JsonReply(Actions));

        var error = await Assert.ThrowsAsync<AlloyNotFoundException>(() =>
            ClientFactory.Client(handler).ExecuteAsync("slack", "chat_postMesage", new ActionRequest("c1"), CancellationToken.None));

        Assert.Contains("chat_postMessage, chat_update", error.Message);
        Assert.Equal(new[] { "chat_postMessage", "chat_update" }, error.KnownIds);
    }

    [Fact]
    public async Task ASchemaRequestForAnUnknownActionListsTheActionsToo()
    {
        var handler = new ScriptedHandler()
            .On(HttpMethod.Get, "/connectors/slack/actions", () => JsonReply(Actions));

        var error = await Assert.ThrowsAsync<AlloyNotFoundException>(() =>
            ClientFactory.Client(handler).GetActionAsync("slack", "nope", CancellationToken.None));

        Assert.Contains("Connector 'slack' has no action 'nope'", error.Message);
        Assert.Contains("chat_update", error.Message);
    }

    [Fact]
    public async Task A404ForAKnownActionPointsAtTheCredential()
    {
        var path = "/connectors/slack/actions/chat_postMessage/execute";
        var handler = new ScriptedHandler()
            .On(HttpMethod.Post, path, () => JsonReply(HttpStatusCode.NotFound, """{"message":"Credential not found"}"""))
            .On(HttpMethod.Get, "/connectors/slack/actions", () => JsonReply(Actions));

        var error = await Assert.ThrowsAsync<AlloyNotFoundException>(() =>
            ClientFactory.Client(handler).ExecuteAsync("slack", "chat_postMessage", new ActionRequest("c1"), CancellationToken.None));

        Assert.Contains("Get-AlloyCredential", error.Message);
    }

    [Fact]
    public async Task AnUnknownConnectorSaysSo()
    {
        var handler = new ScriptedHandler(); // everything is 404

        var error = await Assert.ThrowsAsync<AlloyNotFoundException>(() =>
            ClientFactory.Client(handler).ExecuteAsync("slak", "chat_postMessage", new ActionRequest("c1"), CancellationToken.None));

        Assert.Contains("no connector 'slak'", error.Message);
        Assert.Contains("Get-AlloyConnector", error.Message);
    }

    [Fact]
    public async Task A400ShowsTheActionsRequiredParameters()
    {
        var path = "/connectors/slack/actions/chat_postMessage/execute";
        var handler = new ScriptedHandler()
            .On(HttpMethod.Post, path, () => JsonReply(HttpStatusCode.BadRequest, """{"message":"Invalid request body"}"""))
            .On(HttpMethod.Get, "/connectors/slack/actions/chat_postMessage", () => JsonReply(PostMessageSchema));

        var error = await Assert.ThrowsAsync<AlloyBadRequestException>(() =>
            ClientFactory.Client(handler).ExecuteAsync("slack", "chat_postMessage", new ActionRequest("c1"), CancellationToken.None));

        Assert.Equal(new[] { "channel", "text" }, error.RequiredParameters);
        Assert.Contains("channel (body, required)", error.Message);
        Assert.Contains("Invalid request body", error.Message);
        Assert.Single(handler.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task ANonJsonAnswerSaysSoAndIsNotRetried()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors",
            () => Text(HttpStatusCode.OK, "<!DOCTYPE html><html><body>Welcome</body></html>"));

        var error = await Assert.ThrowsAsync<AlloyMalformedResponseException>(
            () => ClientFactory.Client(handler).ListConnectorsAsync(CancellationToken.None));

        Assert.Contains("not JSON", error.Message);
        Assert.Contains("<!DOCTYPE html>", error.Message);
        Assert.Contains("ALLOY_BASE_URL", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task ATruncatedJsonAnswerToAReadIsRetriedThenReported()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors", () => JsonReply("""{"connectors":[{"id":"sla"""));
        var clock = new FakeClock();

        var error = await Assert.ThrowsAsync<AlloyMalformedResponseException>(
            () => ClientFactory.Client(handler, clock, ClientFactory.FastPolicy(2)).ListConnectorsAsync(CancellationToken.None));

        Assert.Contains("truncated", error.Message);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("AlloyMalformedResponse", error.ErrorId);
    }

    [Fact]
    public async Task ATruncatedAnswerToAPostIsAmbiguous()
    {
        var path = "/connectors/slack/actions/chat_postMessage/execute";
        var handler = new ScriptedHandler().On(HttpMethod.Post, path, () => JsonReply("""{"success":true,"result":{"ok":tr"""));

        var error = await Assert.ThrowsAsync<AlloyAmbiguousResultException>(() =>
            ClientFactory.Client(handler).ExecuteAsync("slack", "chat_postMessage", new ActionRequest("c1"), CancellationToken.None));

        Assert.Contains("truncated", error.Message);
        Assert.IsType<AlloyMalformedResponseException>(error.InnerException);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task ABodyCutOffMidStreamIsReportedAsTruncated()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors", () => CutOff("""{"connectors":["""));

        var error = await Assert.ThrowsAsync<AlloyMalformedResponseException>(
            () => ClientFactory.Client(handler, policy: ClientFactory.FastPolicy(2)).ListConnectorsAsync(CancellationToken.None));

        Assert.Contains("cut off", error.Message);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task ABodyCutOffAfterAPostIsAmbiguous()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Post, "/users", () => CutOff("""{"userId":"68"""));

        var error = await Assert.ThrowsAsync<AlloyAmbiguousResultException>(
            () => ClientFactory.Client(handler).CreateUserAsync("shop", null, CancellationToken.None));

        Assert.Contains("cut off", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task AnHtml404HintsAtTheBaseUrl()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors", () => Text(HttpStatusCode.NotFound, "<html>Not here</html>"));

        var error = await Assert.ThrowsAsync<AlloyNotFoundException>(() =>
            ClientFactory.Client(handler).ListConnectorsAsync(CancellationToken.None));

        Assert.Contains("non-JSON body", error.Message);
        Assert.Contains("ALLOY_BASE_URL", error.Message);
    }

    [Fact]
    public async Task AnErrorMessageNestedUnderErrorIsShown()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Post, "/users", () =>
            JsonReply(HttpStatusCode.UnprocessableEntity, """{"error":{"code":"invalid","message":"username must not contain spaces"}}"""));

        var error = await Assert.ThrowsAsync<AlloyBadRequestException>(() =>
            ClientFactory.Client(handler).CreateUserAsync("a b", null, CancellationToken.None));

        Assert.Contains("username must not contain spaces", error.Message);
        Assert.Equal((HttpStatusCode)422, error.StatusCode);
    }

    [Fact]
    public async Task AMissingUserIdIsAConfigurationErrorBeforeAnyRequest()
    {
        var handler = new ScriptedHandler();

        var error = await Assert.ThrowsAsync<AlloyConfigurationException>(
            () => ClientFactory.Client(handler, userId: null).ListCredentialsAsync("slack", CancellationToken.None));

        Assert.Equal("AlloyUserIdMissing", error.ErrorId);
        Assert.Contains("ALLOY_USER_ID", error.Message);
        Assert.Empty(handler.Requests);
    }
}
