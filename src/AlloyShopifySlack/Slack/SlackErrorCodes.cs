namespace AlloyShopifySlack.Slack;

/// <summary>Slack's error codes (the one list: the dispatcher and the sync classify failures with it) and what a user can do about
/// each.</summary>
public static class SlackErrorCodes
{
    /// <summary>Both spellings exist: the method docs say rate_limited, the HTTP 429 body says ratelimited.</summary>
    public static bool IsRateLimited(string? code) => code == "ratelimited" || code == "rate_limited" || code == "message_limit_exceeded";

    /// <summary>Slack's own trouble, which passes: the message may go on a later try.</summary>
    public static bool IsTransient(string? code) =>
        code == "fatal_error" || code == "internal_error" || code == "service_unavailable" || code == "request_timeout";

    /// <summary>The credential itself is unusable: every further call would fail the same way.</summary>
    public static bool IsCredentialFailure(string? code) =>
        code == "invalid_auth" || code == "token_revoked" || code == "not_authed" || code == "account_inactive"
        || code == "token_expired" || code == "no_permission" || code == "missing_scope" || code == "team_not_found";

    /// <summary>The channel refuses every message (until someone acts): later messages to it would fail the same way.</summary>
    public static bool IsChannelFailure(string? code) =>
        code == "channel_not_found" || code == "not_in_channel" || code == "is_archived" || code == "restricted_action"
        || code == "restricted_action_read_only_channel" || code == "restricted_action_non_threadable_channel"
        || code == "restricted_action_thread_only_channel";

    public static string Remedy(string? code, string method = "chat_postMessage")
    {
        switch (code)
        {
            case "not_in_channel":
                return "Invite the app to the channel (/invite @app in Slack), then send again.";
            case "channel_not_found":
                return "Check the channel id (-Channel or SLACK_CHANNEL_ID; ids look like C0123456789) and that the app can " +
                    "see the channel.";
            case "is_archived":
                return "The channel is archived: unarchive it or choose another channel.";
            case "invalid_auth":
            case "token_revoked":
            case "token_expired":
            case "not_authed":
            case "account_inactive":
                return "Reconnect Slack (Connect-AlloySlack) and update SLACK_CREDENTIAL_ID.";
            case "missing_scope":
            case "no_permission":
                return "Reconnect Slack (Connect-AlloySlack) granting chat:write (and channels:read, channels:history for reconciliation).";
            case "msg_too_long":
            case "msg_blocks_too_long":
                return "Shorten the message: the template's text or blocks are too long for Slack.";
            case "invalid_blocks":
            case "invalid_blocks_format":
                return "Fix the message's blocks (ConvertTo-SlackOrderMessage shows them; Slack's Block Kit Builder explains each block).";
            case "no_text":
                return "Give the message text (-Text) or blocks.";
            case "invalid_metadata_format":
            case "invalid_metadata_schema":
            case "metadata_too_large":
            case "metadata_must_be_sent_from_app":
                return "The message metadata was refused; send it without metadata or with a smaller payload.";
            case "ratelimited":
            case "rate_limited":
            case "message_limit_exceeded":
                return "Slack is rate limiting this channel: wait a little and send again, or send fewer messages (a digest).";
            case "restricted_action":
            case "restricted_action_read_only_channel":
            case "restricted_action_non_threadable_channel":
            case "restricted_action_thread_only_channel":
                return "A workspace setting stops the app posting here: ask a Slack admin, or choose another channel.";
            case "message_not_found":
                return "The message is gone (deleted, or the ts/channel is wrong).";
            case "cant_update_message":
            case "edit_window_closed":
                return "Slack no longer lets the app edit this message; post a new one instead.";
            case "team_not_found":
                return "The workspace of this credential is gone: reconnect Slack (Connect-AlloySlack).";
            default:
                return $"See https://api.slack.com/methods/{method.Replace('_', '.')}#errors for '{code}'.";
        }
    }
}
