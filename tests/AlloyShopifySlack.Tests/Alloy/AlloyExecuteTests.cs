using AlloyShopifySlack.Alloy;
using static AlloyShopifySlack.Tests.Alloy.ScriptedHandler;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>Execute: the request's buckets and headers, and both answer envelopes.</summary>
public class AlloyExecuteTests
{
    private const string Path = "/connectors/slack/actions/chat_postMessage/execute";

    private static async Task<JsonElement> Run(string answer, ActionRequest? request = null, ScriptedHandler? handler = null)
    {
        handler ??= new ScriptedHandler();
        handler.On(HttpMethod.Post, Path, () => JsonReply(answer));
        return await ClientFactory.Client(handler).ExecuteAsync("slack", "chat_postMessage", request ?? new ActionRequest("cred1"),
            CancellationToken.None);
    }

    [Fact]
    public async Task TheOfficialSuccessResultEnvelopeIsUnwrapped()
    {
        var answer = await Run("""{"success":true,"result":{"messageId":"1234567890"}}""");
        Assert.Equal("1234567890", answer.GetProperty("messageId").GetString());
    }

    [Fact]
    public async Task TheExecutionResponseDataEnvelopeIsUnwrapped()
    {
        var answer = await Run("""{"executionId":"exec_1","status":"completed","responseData":{"ok":""" +
            """true,"channel":"C1","ts":"1700000000.000100"}}""");
        Assert.Equal("1700000000.000100", answer.GetProperty("ts").GetString());
    }

    [Fact]
    public async Task ABareProviderBodyIsTakenAsItIs()
    {
        var answer = await Run("""{"ok":true,"ts":"1.5","status":"error-free"}""");
        Assert.Equal("1.5", answer.GetProperty("ts").GetString());
    }

    [Fact]
    public async Task ABareProviderBodyWithAStatusFieldIsNotMistakenForAFailedExecution()
    {
        var answer = await Run("""{"status":"failed","id":"job-7"}""");
        Assert.Equal("job-7", answer.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("""{"success":false,"error":"credential expired"}""", "credential expired")]
    [InlineData("""{"executionId":"e1","status":"failed","message":"upstream 500"}""", "upstream 500")]
    [InlineData("""{"success":false,"error":{"message":"token revoked"}}""", "token revoked")]
    public async Task AFailedExecutionIsAnError(string body, string detail)
    {
        var error = await Assert.ThrowsAsync<AlloyException>(() => Run(body));
        Assert.Equal("AlloyExecutionFailed", error.ErrorId);
        Assert.Contains(detail, error.Message);
    }

    [Fact]
    public async Task AFailedExecutionThatEchoesTheKeyIsRedacted()
    {
        var error =
            await Assert.ThrowsAsync<AlloyException>(() => Run($$"""{"success":false,"error":"bad key {{ClientFactory.ApiKey}}"}"""));
        SecretAssert.Absent(error.Message);
    }

    [Fact]
    public async Task TheRequestCarriesEveryBucketAndTheDocumentedHeaders()
    {
        var handler = new ScriptedHandler();
        var request = new ActionRequest("66fb0000000000000000cafe")
        {
            QueryParameters = new JsonObject { ["first"] = 50, ["query"] = "created_at:>='2024-01-15T00:00:00Z'" },
            RequestBody = new JsonObject { ["channel"] = "C1", ["text"] = "hi" },
            PathParams = new JsonObject { ["id"] = "42" },
            AdditionalHeaders = new JsonObject { ["X-Trace"] = "t1" },
        };

        await Run("""{"success":true,"result":{}}""", request, handler);

        var sent = Assert.Single(handler.Requests);
        var body = JsonNode.Parse(sent.Body)!.AsObject();
        Assert.Equal("66fb0000000000000000cafe", (string?)body["credentialId"]);
        Assert.Equal(50, (int)body["queryParameters"]!["first"]!);
        Assert.Equal("C1", (string?)body["requestBody"]!["channel"]);
        Assert.Equal("42", (string?)body["pathParams"]!["id"]);
        Assert.Equal("t1", (string?)body["additionalHeaders"]!["X-Trace"]);
        Assert.Equal($"Bearer {ClientFactory.ApiKey}", sent.Header("Authorization"));
        Assert.Equal("2025-09", sent.Header("x-api-version"));
        Assert.Equal(ClientFactory.UserId, sent.Header("x-alloy-userid"));
        Assert.StartsWith("application/json", sent.Header("Content-Type"));
    }

    [Fact]
    public async Task OmittedBucketsAreNotSent()
    {
        var handler = new ScriptedHandler();
        await Run("""{"success":true,"result":{}}""", null, handler);
        var body = JsonNode.Parse(Assert.Single(handler.Requests).Body)!.AsObject();
        Assert.Equal(new[] { "credentialId" }, body.Select(p => p.Key));
    }

    [Fact]
    public async Task ABaseUriWithAPathKeepsIt()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/api/v1/connectors",
            () => JsonReply("""{"connectors":[{"id":"shopify"}]}"""));
        var connectors = await ClientFactory.Client(handler, baseUri: new Uri("https://proxy.example.test/api/v1")).ListConnectorsAsync(
            CancellationToken.None);
        Assert.Equal("shopify", Assert.Single(connectors).Id);
    }

    [Fact]
    public async Task ActionSchemasAreReadWithTheirParameters()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors/slack/actions/chat_postMessage", () => JsonReply("""
            {"action":{"id":"chat_postMessage","displayName":"Post","httpMethod":"post","path":"/chat.postMessage",
              "parameters":[{"name":"token","in":"header","required":true,"description":"the bot token"}],
              "requestBody":{"type":"object","required":["channel"],"properties":{"channel":{"type":"string","description":"where"},
                "text":{"type":"string"}}}}}
            """));

        var action = await ClientFactory.Client(handler).GetActionAsync("slack", "chat_postMessage", CancellationToken.None);

        Assert.Equal("post", action.HttpMethod);
        Assert.Equal(new[] { "token (header, required)", "channel (body, required)", "text (body)" },
            action.Parameters!.Select(p => p.ToString()));
        Assert.Equal("where", action.Parameters!.Single(p => p.Name == "channel").Description);
    }
}
