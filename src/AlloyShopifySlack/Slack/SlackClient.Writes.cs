using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Slack;

/// <summary>
/// The one delivery path of Slack writes (alerts, digests, thread replies, chat.update from the sync, the cmdlets
/// and the listener): each send waits its turn with the workspace's pacer, which learns from every answer; a
/// refusal as rate limited is sent again here, and only here, at most <see cref="MaxRateLimitRetries"/> times.
/// Any other failure, an ambiguous one above all, is the caller's to handle: it is never resent blindly.
/// </summary>
public sealed partial class SlackClient
{
    /// <summary>chat.postMessage. Returns where the message landed (channel id and ts).</summary>
    public async Task<SlackPostResult> PostMessageAsync(string channel, SlackMessage message, CancellationToken ct)
    {
        RequireChannel(channel);
        if (message == null) throw new ArgumentNullException(nameof(message));
        var request = new ActionRequest(CredentialId) { RequestBody = message.ToRequestBody(channel) };
        var answer = await WriteAsync("chat_postMessage", request, channel, ct).ConfigureAwait(false);
        var ts = JsonRead.String(answer, "ts");
        if (string.IsNullOrEmpty(ts))
            throw new AlloyAmbiguousResultException($"Slack answered chat_postMessage for channel {channel} without a message ts; the " +
                "message may or may not have been posted.");
        var posted = new SlackPostResult(JsonRead.String(answer, "channel") ?? channel, ts!);
        OperationContext.Log.Write(LogLevel.Verbose, $"Posted {Describe(message)} to {posted.Channel} (ts {posted.Ts}).");
        return posted;
    }

    /// <summary>chat.update: replaces the text, blocks and metadata of a message. Repeating it is harmless, so it is retried like a
    /// read.</summary>
    public async Task UpdateMessageAsync(string channel, string ts, SlackMessage message, CancellationToken ct)
    {
        RequireChannel(channel);
        if (string.IsNullOrWhiteSpace(ts)) throw new ArgumentException("The message ts is required.", nameof(ts));
        if (message == null) throw new ArgumentNullException(nameof(message));
        var body = message.ToRequestBody(channel);
        body["ts"] = ts;
        body.Remove("unfurl_links");
        body.Remove("unfurl_media");
        var request = new ActionRequest(CredentialId) { RequestBody = body, Idempotent = true };
        await WriteAsync("chat_update", request, channel, ct).ConfigureAwait(false);
        OperationContext.Log.Write(LogLevel.Verbose, $"Updated message {ts} in {channel}.");
    }

    /// <summary>
    /// Sends one write to <paramref name="channel"/> through the pacer, checking Slack's ok flag. A refusal as rate
    /// limited (HTTP 429 or ok:false ratelimited) teaches the pacer and is sent again after Slack's wait, unless the
    /// attempts run out or the wait is longer than <see cref="MaxRateLimitWait"/>: then it is thrown as it came.
    /// </summary>
    private async Task<JsonElement> WriteAsync(string action, ActionRequest request, string channel, CancellationToken ct)
    {
        request.ReportRateLimits = true;
        for (var attempt = 1; ; attempt++)
        {
            await Pacer.WaitTurnAsync(channel, ChannelLimit, ct).ConfigureAwait(false);
            TimeSpan wait;
            try
            {
                var answer = await _client.ExecuteAsync(ConnectorId, action, request, ct).ConfigureAwait(false);
                var accepted = SlackAnswer.Check(action, answer, channel);
                Pacer.Accepted(channel);
                return accepted;
            }
            catch (Exception ex) when (IsRateLimit(ex, out var retryAfter))
            {
                wait = Pacer.Refused(channel, retryAfter);
                if (ex is AlloyException alloy) alloy.Attempts = attempt;
                if (attempt > MaxRateLimitRetries || wait > MaxRateLimitWait) throw;
            }
            OperationContext.Log.Write(LogLevel.Verbose,
                $"Slack is rate limiting {action} in {channel}; sending again in {Seconds(wait)} s (attempt {attempt + 1} " +
                    $"of {MaxRateLimitRetries + 1}; {Pacer.Describe(channel)}).");
        }
    }
}
