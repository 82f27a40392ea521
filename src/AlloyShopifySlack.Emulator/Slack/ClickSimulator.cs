using System.Security.Cryptography;
using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Slack;

/// <summary>A button click to simulate: which stored message, which button, who clicks, where Slack would send it.</summary>
public sealed record ClickRequest
{
    public required string Channel { get; init; }
    public required string Ts { get; init; }
    public required string ActionId { get; init; }
    public required string TargetUrl { get; init; }
    public required string SigningSecret { get; init; }
    public string UserId { get; init; } = "U0CLICKER1";
    public string UserName { get; init; } = "clicker";
    /// <summary>Override of the request timestamp (Unix seconds), e.g. a stale one for replay tests.</summary>
    public long? Timestamp { get; init; }

    public static ClickRequest From(JsonObject body) => new()
    {
        Channel = (string?)body["channel"] ?? throw new BadHttpRequestException("channel is required"),
        Ts = (string?)body["ts"] ?? throw new BadHttpRequestException("ts is required"),
        ActionId = (string?)body["actionId"] ?? "acknowledge_order",
        TargetUrl = (string?)body["targetUrl"] ?? throw new BadHttpRequestException("targetUrl is required"),
        SigningSecret = (string?)body["signingSecret"] ?? throw new BadHttpRequestException("signingSecret is required"),
        UserId = (string?)body["userId"] ?? "U0CLICKER1",
        UserName = (string?)body["userName"] ?? (string?)body["username"] ?? "clicker",
        Timestamp = (long?)body["timestamp"],
    };
}

/// <summary>What the listener answered (or why nothing was sent), plus the exact body that was signed.</summary>
public sealed record ClickResult(int StatusCode, string? ResponseBody, string? Error, string? Payload)
{
    public JsonObject ToJson() => new() { ["status"] = StatusCode, ["body"] = ResponseBody, ["error"] = Error, ["payload"] = Payload };
}

/// <summary>
/// Plays Slack's part of a button click: a block_actions payload for a stored message, form-encoded as payload=...,
/// signed with v0 HMAC-SHA256 over "v0:timestamp:body", POSTed to the interaction listener.
/// </summary>
public sealed class ClickSimulator
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly EmulatorState _state;

    public ClickSimulator(EmulatorState state) => _state = state;

    public async Task<ClickResult> ClickAsync(ClickRequest click, CancellationToken ct = default)
    {
        _state.Counters.Increment("POST /_emulator/slack/click");
        var channel = _state.Slack.FindChannel(click.Channel);
        var message = channel == null ? null : _state.Slack.FindMessage(channel.Id, click.Ts);
        if (channel == null || message == null) return new ClickResult(0, null, "message_not_found", null);
        var button = FindButton(message.Blocks, click.ActionId);
        if (button == null) return new ClickResult(0, null, "button_not_found", null);

        var payload = BuildPayload(click, channel, message, button.Value.Block, button.Value.Element).ToJsonString(Reply.JsonOptions);
        var body = "payload=" + Uri.EscapeDataString(payload);
        var timestamp = (click.Timestamp ?? _state.Clock.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, click.TargetUrl)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Content.Headers.ContentType!.CharSet = null;
        request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", timestamp);
        request.Headers.TryAddWithoutValidation("X-Slack-Signature", Sign(click.SigningSecret, timestamp, body));
        try
        {
            using var response = await Http.SendAsync(request, ct);
            return new ClickResult((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct), null, payload);
        }
        catch (HttpRequestException ex)
        {
            return new ClickResult(0, null, "unreachable: " + ex.Message, payload);
        }
    }

    /// <summary>Slack's v0 signature: "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)).</summary>
    public static string Sign(string signingSecret, string timestamp, string body)
    {
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}"));
        return "v0=" + Convert.ToHexString(hash).ToLowerInvariant();
    }

    private static (JsonObject Block, JsonObject Element)? FindButton(JsonArray? blocks, string actionId)
    {
        foreach (var block in blocks?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
        {
            var elements = (block["elements"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>();
            if (block["accessory"] is JsonObject accessory) elements = elements.Append(accessory);
            var match = elements.FirstOrDefault(e => (string?)e["action_id"] == actionId);
            if (match != null) return (block, match);
        }
        return null;
    }

    private JsonObject BuildPayload(ClickRequest click, SlackChannel channel, SlackStoredMessage message, JsonObject block,
        JsonObject element)
    {
        var identity = _state.Slack.Identity;
        var actionTs = _state.Slack.NowTs();
        var action = new JsonObject
        {
            ["action_id"] = click.ActionId,
            ["block_id"] = (string?)block["block_id"] ?? "block_" + click.ActionId,
            ["type"] = (string?)element["type"] ?? "button",
            ["text"] = element["text"]?.DeepClone(),
            ["value"] = (string?)element["value"],
            ["action_ts"] = actionTs,
        };
        if (element["style"] != null) action["style"] = element["style"]!.DeepClone();
        return new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = click.UserId, ["username"] = click.UserName, ["name"] = click.UserName,
                ["team_id"] = identity.TeamId },
            ["api_app_id"] = identity.AppId,
            ["token"] = "emulatorLegacyVerificationToken",
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = message.Ts, ["channel_id"] = channel.Id,
                ["is_ephemeral"] = false },
            ["trigger_id"] = $"{actionTs.Replace(".", string.Empty)}.{identity.TeamId}.{Ids.NewToken()[..16]}",
            ["team"] = new JsonObject { ["id"] = identity.TeamId, ["domain"] = "alloy-emulator" },
            ["channel"] = new JsonObject { ["id"] = channel.Id, ["name"] = channel.Name },
            ["message"] = message.ToJson(identity, includeMetadata: true),
            ["response_url"] = $"https://hooks.slack.com/actions/{identity.TeamId}/{Ids.NewToken()[..12]}/{Ids.NewToken()}",
            ["actions"] = new JsonArray(action),
            ["state"] = new JsonObject { ["values"] = new JsonObject() },
        };
    }
}
