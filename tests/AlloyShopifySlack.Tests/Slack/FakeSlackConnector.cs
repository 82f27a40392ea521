using System.Net;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Tests.Slack;

/// <summary>One request the fake Alloy received for the Slack connector.</summary>
public sealed record SlackCall(string Action, JsonObject Body, DateTimeOffset At)
{
    public JsonObject RequestBody => (JsonObject)Body["requestBody"]!;
    public JsonObject QueryParameters => (JsonObject)Body["queryParameters"]!;
    public string? Channel =>
        (Body["requestBody"] as JsonObject)?["channel"]?.GetValue<string>()
            ?? (Body["queryParameters"] as JsonObject)?["channel"]?.GetValue<string>();
    public string? Text => (Body["requestBody"] as JsonObject)?["text"]?.GetValue<string>();
}

/// <summary>
/// Alloy's execute endpoint for the Slack connector, in memory. By default every post succeeds; a test scripts
/// answers with <see cref="Respond"/> (return null to fall through to the default). Answers carry the
/// {executionId, status, responseData} envelope.
/// </summary>
public sealed class FakeSlackConnector : HttpMessageHandler
{
    private readonly object _gate = new();
    private readonly IClock _clock;
    private int _ts;

    public FakeSlackConnector(IClock clock) { _clock = clock; }

    public List<SlackCall> Calls { get; } = new();

    /// <summary>Posts that Slack accepted (ok:true), in order.</summary>
    public List<SlackCall> Posted { get; } = new();

    /// <summary>Scripted answers: (call, attempt number for this action+channel) → response, or null for the default.</summary>
    public Func<SlackCall, HttpResponseMessage?>? Respond { get; set; }

    public AlloyClient NewClient(IClock? clock = null) => new(new AlloyClientOptions(new Uri("http://alloy.test/"),
        SecretText.ToSecureString("test-key"), "test")
    {
        UserId = "user-1",
        Clock = clock ?? _clock,
        RetryPolicy = new RetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(100) },
    }, this);

    public int PostedTo(string channel) { lock (_gate) return Posted.Count(p => p.Channel == channel); }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var action = segments.Length >= 4 ? segments[3] : "?";
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
        var call = new SlackCall(action, body, _clock.UtcNow);
        lock (_gate) Calls.Add(call);
        var scripted = Respond?.Invoke(call);
        if (scripted != null) return scripted;
        return Ok(Default(call));
    }

    private JsonObject Default(SlackCall call)
    {
        switch (call.Action)
        {
            case "chat_postMessage":
                lock (_gate)
                {
                    Posted.Add(call);
                    var ts = $"1705312800.{++_ts:D6}";
                    return new JsonObject { ["ok"] = true, ["channel"] = call.Channel, ["ts"] = ts,
                        ["message"] = new JsonObject { ["text"] = call.Text } };
                }
            case "chat_update":
                return new JsonObject { ["ok"] = true, ["channel"] = call.Channel, ["ts"] = call.RequestBody["ts"]!.GetValue<string>() };
            case "auth_test":
                return new JsonObject { ["ok"] = true, ["url"] = "https://team.slack.com/", ["team"] = "Team", ["team_id"] = "T1",
                    ["user"] = "bot", ["user_id"] = "U1", ["bot_id"] = "B1" };
            default:
                return new JsonObject { ["ok"] = true };
        }
    }

    public static HttpResponseMessage Ok(JsonNode responseData) => Json(HttpStatusCode.OK,
        new JsonObject { ["executionId"] = "exec_1", ["status"] = "completed", ["responseData"] = responseData });

    public static HttpResponseMessage SlackError(string code, JsonObject? extra = null)
    {
        var data = extra ?? new JsonObject();
        data["ok"] = false;
        data["error"] = code;
        return Ok(data);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    public static HttpResponseMessage TooManyRequests(int retryAfterSeconds)
    {
        var response = Json(HttpStatusCode.TooManyRequests, new JsonObject { ["ok"] = false, ["error"] = "ratelimited" });
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfterSeconds.ToString());
        return response;
    }
}
