using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Slack.Pacing;

namespace AlloyShopifySlack.Slack;

/// <summary>
/// Slack through Alloy's Slack connector. A Slack ok:false (HTTP 200) is a failure: <see cref="SlackApiException"/>
/// with Slack's code and a remedy. This client owns Slack's rate limits: the Alloy transport reports a 429 up
/// instead of retrying it, and every write goes through one path (SlackClient.Writes.cs) paced by the workspace's
/// <see cref="SlackPacer"/>. Posts are not idempotent: an ambiguous failure (<see cref="AlloyAmbiguousResultException"/>)
/// propagates untouched for the caller to reconcile.
/// </summary>
public sealed partial class SlackClient
{
    private readonly AlloyClient _client;
    private readonly IClock _clock;

    /// <param name="pacer">The pace of writes; default: the one pacer this process keeps for the workspace (server, user,
    /// credential).</param>
    public SlackClient(AlloyClient client, string credentialId, string connectorId = SettingNames.DefaultSlackConnector,
        IClock? clock = null,
        SlackPacer? pacer = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        if (string.IsNullOrWhiteSpace(credentialId))
            throw new AlloyConfigurationException("SlackCredentialMissing", "No Slack credential id. Pass -CredentialId or set " +
                "SLACK_CREDENTIAL_ID (Connect-AlloySlack creates one).");
        CredentialId = credentialId;
        ConnectorId = string.IsNullOrWhiteSpace(connectorId) ? SettingNames.DefaultSlackConnector : connectorId;
        _clock = clock ?? client.Options.Clock;
        Pacer = pacer ?? SlackPacer.ForWorkspace($"{client.Options.BaseUri}|{client.UserId}|{credentialId}", _clock);
    }

    public string CredentialId { get; }
    public string ConnectorId { get; }
    internal IClock Clock => _clock;

    /// <summary>Paces this client's writes; shared with every client of the same workspace unless one was given.</summary>
    public SlackPacer Pacer { get; }

    /// <summary>This client's own ceiling per channel (-ChannelRate, -ChannelBurst); null: as fast as Slack accepts.</summary>
    public ChannelLimit? ChannelLimit { get; set; }

    /// <summary>
    /// How many times a rate-limited call is sent again before the error is reported: with the default of 3 no
    /// message is sent more than four times. A 429 is a refusal, so sending again is safe even for a post.
    /// </summary>
    public int MaxRateLimitRetries { get; set; } = 3;

    /// <summary>A rate-limit wait longer than this is not waited for: the error is reported instead.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>auth.test: who the credential is.</summary>
    public async Task<SlackAuthInfo> AuthTestAsync(CancellationToken ct)
    {
        var answer = await CallAsync("auth_test", new ActionRequest(CredentialId) { Idempotent = true }, null, ct).ConfigureAwait(false);
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
    /// One read (auth.test, a listing), checking Slack's ok flag; a rate limit is waited out on the clock (Slack's
    /// wait, else 1, 2, 4 ... s), at most <see cref="MaxRateLimitRetries"/> times. Writes go through WriteAsync.
    /// </summary>
    private async Task<JsonElement> CallAsync(string action, ActionRequest request, string? channel, CancellationToken ct)
    {
        request.ReportRateLimits = true;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            try
            {
                var answer = await _client.ExecuteAsync(ConnectorId, action, request, ct).ConfigureAwait(false);
                return SlackAnswer.Check(action, answer, channel);
            }
            catch (Exception ex) when (IsRateLimit(ex, out var retryAfter))
            {
                wait = retryAfter ?? Backoff(attempt);
                if (attempt > MaxRateLimitRetries || wait > MaxRateLimitWait) throw;
            }
            OperationContext.Log.Write(LogLevel.Verbose, $"Slack is rate limiting {action}; trying again in {Seconds(wait)} s " +
                $"(retry {attempt} of {MaxRateLimitRetries}).");
            await _clock.Delay(wait, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Slack's refusal as rate limited, however it came: an HTTP 429 from Alloy, or ok:false "ratelimited".</summary>
    internal static bool IsRateLimit(Exception error, out TimeSpan? retryAfter)
    {
        retryAfter = (error as AlloyRateLimitException)?.RetryAfter ?? (error as SlackApiException)?.RetryAfter;
        return error is AlloyRateLimitException || (error is SlackApiException slack && slack.IsRateLimited);
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, attempt - 1)));

    private static string Seconds(TimeSpan wait) => wait.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture);

    private static void RequireChannel(string channel)
    {
        if (string.IsNullOrWhiteSpace(channel))
            throw new AlloyConfigurationException("SlackChannelMissing", "No Slack channel. Pass -Channel or set SLACK_CHANNEL_ID (a " +
                "channel id such as C0123456789).");
    }

    private static string Describe(SlackMessage message) =>
        string.IsNullOrEmpty(message.OrderName) ? "a message" : "the alert for order " + message.OrderName;
}
