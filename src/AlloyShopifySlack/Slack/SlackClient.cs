using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Slack
{
    /// <summary>
    /// Slack through Alloy's Slack connector. A Slack ok:false (HTTP 200) is a failure: <see cref="SlackApiException"/>
    /// with Slack's code and a remedy. Rate limits (an HTTP 429, which the Alloy client retries, or ok:false
    /// "ratelimited") are waited out through the clock. Posts are not idempotent: an ambiguous failure
    /// (<see cref="AlloyAmbiguousResultException"/>) propagates untouched for the caller to reconcile.
    /// </summary>
    public sealed partial class SlackClient
    {
        private readonly AlloyClient _client;
        private readonly IClock _clock;

        public SlackClient(AlloyClient client, string credentialId, string connectorId = SettingNames.DefaultSlackConnector, IClock? clock = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            if (string.IsNullOrWhiteSpace(credentialId))
                throw new AlloyConfigurationException("SlackCredentialMissing", "No Slack credential id. Pass -CredentialId or set SLACK_CREDENTIAL_ID (Connect-AlloySlack creates one).");
            CredentialId = credentialId;
            ConnectorId = string.IsNullOrWhiteSpace(connectorId) ? SettingNames.DefaultSlackConnector : connectorId;
            _clock = clock ?? client.Options.Clock;
        }

        public string CredentialId { get; }
        public string ConnectorId { get; }

        /// <summary>How many times a rate-limited call is tried again before the error is reported.</summary>
        public int MaxRateLimitRetries { get; set; } = 5;

        /// <summary>A rate-limit wait longer than this is not waited for: the error is reported instead.</summary>
        public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>chat.postMessage. Returns where the message landed (channel id and ts).</summary>
        public Task<SlackPostResult> PostMessageAsync(string channel, SlackMessage message, CancellationToken ct) =>
            PostMessageAsync(channel, message, null, ct);

        /// <summary>chat.postMessage, waiting for the channel's turn with <paramref name="pacer"/> (which also learns of rate limits).</summary>
        public async Task<SlackPostResult> PostMessageAsync(string channel, SlackMessage message, ChannelPacer? pacer, CancellationToken ct)
        {
            RequireChannel(channel);
            if (message == null) throw new ArgumentNullException(nameof(message));
            var request = new ActionRequest(CredentialId) { RequestBody = message.ToRequestBody(channel) };
            var answer = await CallAsync("chat_postMessage", request, channel, pacer, ct).ConfigureAwait(false);
            var ts = JsonRead.String(answer, "ts");
            if (string.IsNullOrEmpty(ts))
                throw new AlloyAmbiguousResultException($"Slack answered chat_postMessage for channel {channel} without a message ts; the message may or may not have been posted.");
            var posted = new SlackPostResult(JsonRead.String(answer, "channel") ?? channel, ts!);
            OperationContext.Log.Write(LogLevel.Verbose, $"Posted {Describe(message)} to {posted.Channel} (ts {posted.Ts}).");
            return posted;
        }

        /// <summary>chat.update: replaces the text, blocks and metadata of a message. Repeating it is harmless, so it is retried like a read.</summary>
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
            await CallAsync("chat_update", request, channel, null, ct).ConfigureAwait(false);
            OperationContext.Log.Write(LogLevel.Verbose, $"Updated message {ts} in {channel}.");
        }

        /// <summary>auth.test: who the credential is.</summary>
        public async Task<SlackAuthInfo> AuthTestAsync(CancellationToken ct)
        {
            var answer = await CallAsync("auth_test", new ActionRequest(CredentialId) { Idempotent = true }, null, null, ct).ConfigureAwait(false);
            return new SlackAuthInfo
            {
                Url = JsonRead.String(answer, "url"),
                Team = JsonRead.String(answer, "team"),
                TeamId = JsonRead.String(answer, "team_id"),
                User = JsonRead.String(answer, "user"),
                UserId = JsonRead.String(answer, "user_id"),
                BotId = JsonRead.String(answer, "bot_id"),
                AppId = JsonRead.String(answer, "app_id"),
            };
        }

        /// <summary>
        /// Sends one call, checking Slack's ok flag, and waits out rate limits: Slack's hint when it gives one,
        /// else 1, 2, 4 ... s. With a pacer the channel is slowed for every later message too.
        /// </summary>
        private async Task<JsonElement> CallAsync(string action, ActionRequest request, string? channel, ChannelPacer? pacer, CancellationToken ct)
        {
            for (var attempt = 1; ; attempt++)
            {
                if (pacer != null && channel != null) await pacer.WaitTurnAsync(channel, ct).ConfigureAwait(false);
                TimeSpan wait;
                Exception failure;
                try
                {
                    JsonElement answer;
                    using (pacer != null && channel != null ? RetryNotices.Observe((failure, delay) => OnClientRetry(pacer, channel, failure, delay)) : null)
                        answer = await _client.ExecuteAsync(ConnectorId, action, request, ct).ConfigureAwait(false);
                    var checkedAnswer = SlackAnswer.Check(action, answer, channel);
                    if (pacer != null && channel != null) pacer.Delivered(channel);
                    return checkedAnswer;
                }
                catch (SlackApiException ex) when (ex.IsRateLimited)
                {
                    wait = ex.RetryAfter ?? Backoff(attempt);
                    failure = ex;
                }
                catch (AlloyRateLimitException ex)
                {
                    wait = ex.RetryAfter ?? Backoff(attempt);
                    failure = ex;
                }
                if (attempt > MaxRateLimitRetries || wait > MaxRateLimitWait) throw failure;
                var where = channel == null ? string.Empty : " in " + channel;
                OperationContext.Log.Write(LogLevel.Verbose,
                    $"Slack is rate limiting {action}{where}; trying again in {wait.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s (retry {attempt} of {MaxRateLimitRetries}).");
                if (pacer != null && channel != null) pacer.Penalize(channel, wait);
                else await _clock.Delay(wait, ct).ConfigureAwait(false);
            }
        }

        /// <summary>The Alloy client waits out an HTTP 429 itself; the channel must wait with it, and then go without a burst.</summary>
        private static void OnClientRetry(ChannelPacer pacer, string channel, Exception failure, TimeSpan wait)
        {
            if (failure is AlloyRateLimitException) pacer.RetryingAfterRateLimit(channel, wait);
        }

        private static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, attempt - 1)));

        private static void RequireChannel(string channel)
        {
            if (string.IsNullOrWhiteSpace(channel))
                throw new AlloyConfigurationException("SlackChannelMissing", "No Slack channel. Pass -Channel or set SLACK_CHANNEL_ID (a channel id such as C0123456789).");
        }

        private static string Describe(SlackMessage message) =>
            string.IsNullOrEmpty(message.OrderName) ? "a message" : "the alert for order " + message.OrderName;
    }
}
