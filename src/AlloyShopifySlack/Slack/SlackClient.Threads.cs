using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Slack;

/// <summary>
/// Threads and the small reads about one message. Replies are posted with <see cref="PostMessageAsync(string, SlackMessage,
/// CancellationToken)"/>
/// (<see cref="SlackMessage.ThreadTs"/> set), like any message.
/// </summary>
public sealed partial class SlackClient
{
    public const string ThreadNotFound = "thread_not_found";

    /// <summary>
    /// conversations.replies: the thread's parent first, then its replies, oldest first, page after page, each
    /// message handed to <paramref name="visit"/> until it answers true. Paced and limited like history (Slack
    /// limits both for apps outside its Marketplace). Never throws for Slack or Alloy failures: a parent that is
    /// gone ends the scan with a <see cref="SlackApiException"/> whose code is <see cref="ThreadNotFound"/>.
    /// </summary>
    public async Task<HistoryScanResult> ScanThreadAsync(string channel, string threadTs, Func<JsonElement, bool> visit,
        HistoryScanOptions? options, CancellationToken ct)
    {
        RequireChannel(channel);
        if (!IsSlackTs(threadTs)) throw new ArgumentException("The thread's ts is required.", nameof(threadTs));
        if (visit == null) throw new ArgumentNullException(nameof(visit));
        options ??= HistoryScanOptions.Default;
        var result = new HistoryScanResult(new HistoryWindow(threadTs));
        var cursors = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        while (true)
        {
            if (result.Calls >= MaxPages) { result.Stop($"it stopped after {MaxPages} pages"); break; }
            var query = new JsonObject { ["channel"] = channel, ["ts"] = threadTs, ["include_all_metadata"] = true,
                ["limit"] = options.PageSize };
            if (!string.IsNullOrEmpty(cursor)) query["cursor"] = cursor;
            var page = await HistoryPageAsync(channel, query, options, result, ct, "conversations_replies").ConfigureAwait(false);
            if (page == null) break;
            result.Calls++;
            foreach (var message in JsonRead.Array(JsonRead.Property(page.Value, "messages")))
            {
                result.Messages++;
                if (!visit(message)) continue;
                result.StoppedEarly = true;
                return result;
            }
            cursor = JsonRead.String(JsonRead.Property(page.Value, "response_metadata") ?? default, "next_cursor");
            var hasMore = JsonRead.Bool(page.Value, "has_more") ?? !string.IsNullOrEmpty(cursor);
            if (!hasMore) { result.Complete = true; break; }
            if (string.IsNullOrEmpty(cursor)) { result.Stop("Slack said the thread had more but gave no cursor"); break; }
            if (!cursors.Add(cursor!)) { result.Stop("Slack gave the same cursor twice"); break; }
        }
        OperationContext.Log.Write(LogLevel.Verbose, $"Thread {threadTs} in {channel}: {result}.");
        return result;
    }

    /// <summary>chat.getPermalink: the message's link (Slack rate limits it loosely: hundreds a minute).</summary>
    public async Task<string> GetPermalinkAsync(string channel, string ts, CancellationToken ct)
    {
        RequireChannel(channel);
        var request = new ActionRequest(CredentialId) { QueryParameters = new JsonObject { ["channel"] = channel, ["message_ts"] = ts },
            Idempotent = true };
        var answer = await CallAsync("chat_getPermalink", request, null, ct).ConfigureAwait(false);
        return JsonRead.String(answer, "permalink")
            ?? throw new AlloyMalformedResponseException($"Slack answered chat_getPermalink for message {ts} in {channel} " +
                "without a permalink.");
    }

    /// <summary>chat.postEphemeral: a message only <paramref name="user"/> sees (not in the channel's history).</summary>
    public async Task PostEphemeralAsync(string channel, string user, SlackMessage message, CancellationToken ct)
    {
        RequireChannel(channel);
        if (string.IsNullOrWhiteSpace(user)) throw new ArgumentException("The user is required.", nameof(user));
        var body = message.ToRequestBody(channel);
        body["user"] = user;
        body.Remove("metadata");
        body.Remove("unfurl_links");
        body.Remove("unfurl_media");
        await WriteAsync("chat_postEphemeral", new ActionRequest(CredentialId) { RequestBody = body }, channel, ct).ConfigureAwait(false);
    }
}
