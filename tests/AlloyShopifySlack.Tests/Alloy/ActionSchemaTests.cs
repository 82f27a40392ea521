using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>Execute requests built from the action schema, against the emulator in both profiles.</summary>
public sealed class ActionSchemaTests
{
    private static JsonObject Alert(string channel) => new()
    {
        ["channel"] = channel,
        ["text"] = "New order #1001",
        ["metadata"] = new JsonObject { ["event_type"] = "shopify_order_alert",
            ["event_payload"] = new JsonObject { ["order_id"] = "1001" } },
        ["token"] = "not-the-callers-to-give",
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Parameters_the_schema_does_not_declare_are_left_out_and_said_so_in_verbose(bool realistic)
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic));
        var recorder = new RecordingHandler();
        using var client = SchemaTestKit.Client(emulator, recorder);
        var log = new CapturingLog();
        var channel = emulator.Tenant.ChannelId;

        using (OperationContext.Use(log))
            await client.ExecuteAsync("slack", "chat_postMessage", new ActionRequest(
                emulator.Tenant.SlackCredentialId) { RequestBody = Alert(channel) }, CancellationToken.None);

        var sent = Assert.Single(recorder.Executes("slack", "chat_postMessage"))["requestBody"]!.AsObject();
        Assert.Equal("New order #1001", (string?)sent["text"]);
        Assert.Null(sent["token"]); // a header parameter: Alloy fills it from the credential
        Assert.Equal(!realistic, sent.ContainsKey("metadata")); // the realistic schema, like Slack's published spec, has no metadata
        var verbose = log.At(LogLevel.Verbose);
        Assert.Contains(verbose, line => line.Contains("slack/chat_postMessage: left out token") && line.Contains("Alloy fills in"));
        Assert.Equal(realistic,
            verbose.Any(
            line => line == "slack/chat_postMessage: left out metadata (requestBody), which the action's schema does not declare."));
        Assert.Equal(!realistic, emulator.State.Slack.Messages(channel).Single().Metadata != null);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_parameter_goes_in_the_bucket_the_schema_names(bool realistic)
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic));
        var recorder = new RecordingHandler();
        using var client = SchemaTestKit.Client(emulator, recorder);
        var sheets = realistic ? "googleSheets" : "googlesheets";
        var body = new JsonObject
        {
            ["spreadsheetId"] = emulator.Tenant.SpreadsheetId, ["range"] = "Sheet1!A:E",
            ["values"] = new JsonArray(new JsonArray("#1001", 12.5)), ["valueInputOption"] = "RAW",
        };

        await client.ExecuteAsync(sheets, "appendRow", new ActionRequest(emulator.Tenant.GoogleSheetsCredentialId) { RequestBody = body },
            CancellationToken.None);

        var sent = Assert.Single(recorder.Executes(sheets, "appendRow"));
        if (realistic)
        {
            // Google's shape: the ids in the path, valueInputOption in the query, the values in the body.
            Assert.Equal("{\"spreadsheetId\":\"" + emulator.Tenant.SpreadsheetId + "\",\"range\":\"Sheet1!A:E\"}",
                sent["pathParams"]!.ToJsonString());
            Assert.Equal("{\"valueInputOption\":\"RAW\"}", sent["queryParameters"]!.ToJsonString());
            Assert.Equal("{\"values\":[[\"#1001\",12.5]]}", sent["requestBody"]!.ToJsonString());
        }
        else
        {
            Assert.Null(sent["pathParams"]);
            Assert.Null(sent["queryParameters"]);
            Assert.Equal(body.ToJsonString(), sent["requestBody"]!.ToJsonString());
        }
        Assert.Equal("#1001", emulator.State.Sheets.Rows(emulator.Tenant.SpreadsheetId).Single()[0]);
        Assert.Equal("RAW", emulator.State.Sheets.LastValueInputOption);
    }

    [Fact]
    public async Task The_schema_is_read_once_per_connection_even_by_concurrent_calls()
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic: true));
        using var client = SchemaTestKit.Client(emulator);
        var other = client.ForUser(emulator.Tenant.UserId); // the same connection acting as a user

        var reads = Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? client : other).ExecuteAsync("slack", "auth_test",
            new ActionRequest(emulator.Tenant.SlackCredentialId) { Idempotent = true }, CancellationToken.None));
        await Task.WhenAll(reads);
        await client.ExecuteAsync("slack", "auth_test", new ActionRequest(emulator.Tenant.SlackCredentialId) { Idempotent = true },
            CancellationToken.None);

        Assert.Equal(1, SchemaTestKit.SchemaReads(emulator));
        Assert.Equal(9, emulator.State.Counters.Snapshot()["slack/auth_test"]);
    }

    [Theory]
    [InlineData(false, FaultKind.HttpError)]
    [InlineData(true, FaultKind.HttpError)]
    [InlineData(true, FaultKind.MalformedJson)]
    public async Task Without_a_usable_schema_requests_go_as_built_with_one_verbose_line(bool realistic, FaultKind fault)
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic));
        emulator.State.Faults.Add(fault, SchemaTestKit.SchemaRoute, configure: f => f.StatusCode = 404);
        var recorder = new RecordingHandler();
        using var client = SchemaTestKit.Client(emulator, recorder);
        var log = new CapturingLog();
        var channel = emulator.Tenant.ChannelId;

        using (OperationContext.Use(log))
        {
            for (var i = 0; i < 3; i++)
                await client.ExecuteAsync("slack", "chat_postMessage", new ActionRequest(
                    emulator.Tenant.SlackCredentialId) { RequestBody = Alert(channel) }, CancellationToken.None);
        }

        Assert.Equal(1, SchemaTestKit.SchemaReads(emulator)); // remembered as unavailable: no read per execute
        var sent = recorder.Executes("slack", "chat_postMessage");
        Assert.Equal(3, sent.Count);
        Assert.All(sent, body => Assert.Equal(Alert(channel).ToJsonString(),
            body["requestBody"]!.ToJsonString())); // today's shape, untouched
        var line = Assert.Single(log.At(LogLevel.Verbose), l => l.Contains("action schema"));
        Assert.StartsWith("No usable action schema for slack/chat_postMessage", line);
        Assert.DoesNotContain(log.At(LogLevel.Verbose), l => l.Contains("left out"));
        Assert.Equal(3, emulator.State.Slack.Messages(channel).Count);
    }

    [Fact]
    public async Task A_schema_lost_to_a_passing_failure_is_tried_again_only_after_five_minutes()
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic: true));
        var attempts = RetryPolicy.Default.MaxAttempts;
        emulator.State.Faults.Add(FaultKind.HttpError, SchemaTestKit.SchemaRoute, count: attempts, configure: f => f.StatusCode = 503);
        var recorder = new RecordingHandler();
        using var client = SchemaTestKit.Client(emulator, recorder);
        var channel = emulator.Tenant.ChannelId;
        Task Post() => client.ExecuteAsync("slack", "chat_postMessage", new ActionRequest(
            emulator.Tenant.SlackCredentialId) { RequestBody = Alert(channel) }, CancellationToken.None);

        await Post();
        await Post();
        Assert.Equal(attempts, SchemaTestKit.SchemaReads(emulator)); // the one read, with its retries; none for the second post
        emulator.State.Clock.Advance(TimeSpan.FromMinutes(6));
        await Post();

        Assert.Equal(attempts + 1, SchemaTestKit.SchemaReads(emulator));
        var sent = recorder.Executes("slack", "chat_postMessage").Select(b =>
            b["requestBody"]!.AsObject().ContainsKey("metadata")).ToList();
        Assert.Equal(new[] { true, true, false }, sent); // as built while unavailable, then shaped by the schema
    }

    [Fact]
    public async Task A_bare_client_and_Invoke_AlloyAction_requests_send_the_buckets_as_given()
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic: true));
        var recorder = new RecordingHandler();
        using var bare = SchemaTestKit.Client(emulator, recorder, schemas: false);
        using var connection = SchemaTestKit.Client(emulator, recorder);
        var channel = emulator.Tenant.ChannelId;

        await bare.ExecuteAsync("slack", "chat_postMessage", new ActionRequest(
            emulator.Tenant.SlackCredentialId) { RequestBody = Alert(channel) }, CancellationToken.None);
        await connection.ExecuteAsync("slack", "chat_postMessage", new ActionRequest(
            emulator.Tenant.SlackCredentialId) { RequestBody = Alert(channel), SendAsGiven = true }, CancellationToken.None);

        Assert.All(recorder.Executes("slack", "chat_postMessage"), body =>
            Assert.True(body["requestBody"]!.AsObject().ContainsKey("metadata")));
        Assert.Equal(0, SchemaTestKit.SchemaReads(emulator));
    }

    [Fact]
    public void A_schema_reads_swagger_and_openapi_shapes_and_refuses_what_is_not_one()
    {
        var swagger = ActionSchema.TryParse("slack", "chat_postMessage", """{"action":{"parameters":[{"name":"token","in":"header"},""" +
            """{"name":"channel","in":"formData"},{"name":"ts","in":"query"},{"name":"id","in":"path"}]}}""");
        Assert.NotNull(swagger);
        Assert.Equal(new[] { ParameterBucket.Header }, swagger!.BucketsOf("token"));
        Assert.Equal(new[] { ParameterBucket.Body }, swagger.BucketsOf("channel"));
        Assert.Equal(new[] { ParameterBucket.Path }, swagger.BucketsOf("id"));
        Assert.Empty(swagger.BucketsOf("metadata"));

        var openApi = ActionSchema.TryParse("x", "y", """{"requestBody":{"content":{"application/json":{"schema":{"properties":""" +
            """{"values":{}}}}}}}""");
        Assert.Equal(new[] { ParameterBucket.Body }, openApi!.BucketsOf("values"));
        Assert.False(openApi.OpenBody);
        Assert.True(ActionSchema.TryParse("x", "y", """{"action":{"parameters":[],"requestBody":{"type":"object"}}}""")!.OpenBody);

        Assert.Null(ActionSchema.TryParse("x", "y", """{"executionId":"e1","status":"completed","responseData":{}}"""));
        Assert.Null(ActionSchema.TryParse("x", "y", """{"action":{"parameters":{"not":"a list"}}}"""));
        Assert.Null(ActionSchema.TryParse("x", "y", "<html>gateway</html>"));
    }
}
