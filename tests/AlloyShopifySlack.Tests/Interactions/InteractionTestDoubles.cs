using System.Collections.Concurrent;
using System.Net;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Tests.Interactions;

/// <summary>A clock that moves only when told to; Delay completes when the clock is advanced past it.</summary>
internal sealed class ManualClock : IClock
{
    private readonly object _gate = new();
    private readonly List<(DateTimeOffset due, TaskCompletionSource done)> _delays = new();
    private DateTimeOffset _now;

    public ManualClock(DateTimeOffset now) { _now = now; }

    public DateTimeOffset UtcNow { get { lock (_gate) return _now; } }

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _delays.Add((_now + delay, done));
        cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        return done.Task;
    }

    public void Advance(TimeSpan by)
    {
        List<TaskCompletionSource> due;
        lock (_gate)
        {
            _now += by;
            due = _delays.Where(d => d.due <= _now).Select(d => d.done).ToList();
            _delays.RemoveAll(d => d.due <= _now);
        }
        foreach (var d in due) d.TrySetResult();
    }

    public int PendingDelays { get { lock (_gate) return _delays.Count; } }
}

internal sealed class RecordingUpdater : ISlackMessageUpdater
{
    public ConcurrentQueue<(string Channel, string Ts, SlackMessage Message)> Updates { get; } = new();
    public Func<int, Exception?> FailOnCall { get; set; } = _ => null;
    private int _calls;

    public Task UpdateMessageAsync(string channel, string ts, SlackMessage message, CancellationToken ct)
    {
        var failure = FailOnCall(Interlocked.Increment(ref _calls));
        if (failure != null) throw failure;
        Updates.Enqueue((channel, ts, message));
        return Task.CompletedTask;
    }
}

internal sealed class RecordingOrderLog : IOrderLog
{
    public ConcurrentQueue<OrderLogRow> Rows { get; } = new();
    public Exception? Failure { get; set; }

    public Task AppendAsync(OrderLogRow row, CancellationToken ct)
    {
        if (Failure != null) throw Failure;
        Rows.Enqueue(row);
        return Task.CompletedTask;
    }
}

internal sealed class RecordingTagger : IOrderTagger
{
    public ConcurrentQueue<(string OrderId, IReadOnlyList<string> Tags)> Calls { get; } = new();

    public Task AddTagsAsync(string orderId, IReadOnlyList<string> tags, CancellationToken ct)
    {
        Calls.Enqueue((orderId, tags));
        return Task.CompletedTask;
    }
}

/// <summary>Builds what Slack sends: the alert's blocks, a block_actions payload, the form body and its signature.</summary>
internal static class SlackRequests
{
    public const string Secret = "test-signing-secret-0123456789abcdef";
    public const string Channel = "C0ALERTS1";
    public const string Ts = "1700000000.000100";

    public static JsonObject AlertMessage(string orderName = "#1001", string orderId = "gid://shopify/Order/1001", string ts = Ts) => new()
    {
        ["type"] = "message",
        ["ts"] = ts,
        ["text"] = $"High-value order {orderName}: 1,250.00 USD",
        ["blocks"] = new JsonArray(
            new JsonObject { ["type"] = "header", ["block_id"] = "order_header",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "New high-value order" } },
            new JsonObject { ["type"] = "section", ["block_id"] = "order_summary",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{orderName}* — 1,250.00 USD" } },
            new JsonObject
            {
                ["type"] = "actions",
                ["block_id"] = "order_actions",
                ["elements"] = new JsonArray(new JsonObject
                {
                    ["type"] = "button",
                    ["action_id"] = AcknowledgementMessage.AcknowledgeActionId,
                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "✅ Acknowledge Order" },
                    ["value"] = $"{orderName}|{orderId}",
                    ["style"] = "primary",
                }),
            }),
        ["metadata"] = new JsonObject
        {
            ["event_type"] = "shopify_order_alert",
            ["event_payload"] = new JsonObject { ["order_id"] = orderId, ["order_name"] = orderName, ["total"] = "1250.00",
                ["currency"] = "USD", ["customer_name"] = "Jane Doe" },
        },
    };

    public static JsonObject BlockActions(JsonObject? message = null, string user = "U0CLICKER", string channel = Channel,
        string actionId = AcknowledgementMessage.AcknowledgeActionId)
    {
        message ??= AlertMessage();
        var button = ((message["blocks"] as JsonArray)?.OfType<JsonObject>()
            .SelectMany(b => (b["elements"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
            .FirstOrDefault(e => (string?)e["action_id"] == AcknowledgementMessage.AcknowledgeActionId));
        return new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["username"] = "roadrunner", ["name"] = "roadrunner", ["team_id"] = "T0TEAM" },
            ["api_app_id"] = "A0APP",
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = (string?)message["ts"], ["channel_id"] = channel,
                ["is_ephemeral"] = false },
            ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "orders" },
            ["message"] = message.DeepClone(),
            ["response_url"] = "https://hooks.slack.com/actions/T0TEAM/1/abc",
            ["actions"] = new JsonArray(new JsonObject
            {
                ["action_id"] = actionId,
                ["block_id"] = "order_actions",
                ["type"] = "button",
                ["value"] = (string?)button?["value"] ?? "x",
                ["action_ts"] = "1700000100.000200",
            }),
        };
    }

    public static byte[] FormBody(JsonObject payload) =>
        Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(payload.ToJsonString()));

    public static HttpRequestMessage SignedPost(Uri url, byte[] body, DateTimeOffset at, string secret = Secret,
        string contentType = "application/x-www-form-urlencoded")
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignatureVerifier.ComputeSignature(secret, timestamp, body));
        return request;
    }
}

/// <summary>Answers Alloy execute calls from a function and records them (connector, action, body).</summary>
internal sealed class FakeAlloyHandler : HttpMessageHandler
{
    private readonly Func<string, string, JsonObject, (HttpStatusCode, string)> _answer;
    public ConcurrentQueue<(string Connector, string Action, JsonObject Body)> Calls { get; } = new();

    public FakeAlloyHandler(Func<string, string, JsonObject, (HttpStatusCode, string)> answer) { _answer = answer; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var segments = request.RequestUri!.AbsolutePath.Trim('/').Split('/');
        var body = request.Content == null ? new JsonObject() : (JsonNode.Parse(
            await request.Content.ReadAsStringAsync(cancellationToken)) as JsonObject ?? new JsonObject());
        var connector = segments.Length > 1 ? segments[1] : string.Empty;
        var action = segments.Length > 3 ? segments[3] : string.Empty;
        Calls.Enqueue((connector, action, body));
        var (status, json) = _answer(connector, action, body);
        return new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }
}
