using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>The follow-up side of the fake Slack: chat.update, thread replies, the reads, claims and deletions by hand.</summary>
public sealed partial class FakeAlertPoster
{
    public int UpdateCalls { get; private set; }
    public int ThreadReads { get; private set; }
    public int MessageReads { get; private set; }

    /// <summary>Top-level messages of a channel (alerts, digests, escalation posts).</summary>
    public List<Posted> TopLevel(string channel) { lock (_sync) return Messages.Where(
        m => m.Channel == channel && m.Message.ThreadTs == null).ToList(); }

    /// <summary>Replies in a message's thread, oldest first.</summary>
    public List<Posted> Thread(string channel, string ts) { lock (_sync) return Messages.Where(
        m => m.Channel == channel && m.Message.ThreadTs == ts).ToList(); }

    /// <summary>Runs inside a reply, after storing it (a crash between the post and its settlement).</summary>
    public Action<SlackMessage>? DuringReply { get; set; }
    /// <summary>Called before a reply is stored: an exception here means it did not land.</summary>
    public Func<SlackMessage, Exception?>? FailReplyBefore { get; set; }

    public Task UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            UpdateCalls++;
            var index = Messages.FindIndex(m => m.Channel == channel && m.Ts == ts);
            if (index < 0) throw new SlackApiException("chat_update", "message_not_found", channel);
            Messages[index] = Messages[index] with { Message = message };
        }
        return Task.CompletedTask;
    }

    public async Task<SlackPostResult> ReplyAsync(string channel, string threadTs, SlackMessage message,
        CancellationToken cancellationToken)
    {
        message.ThreadTs = threadTs;
        var before = FailReplyBefore?.Invoke(message);
        if (before != null) throw before;
        var posted = await PostAsync(channel, message, cancellationToken);
        DuringReply?.Invoke(message);
        return posted;
    }

    public Task<MessageRead> ReadMessagesAsync(string channel, IReadOnlyList<HistoryWindow> windows, IReadOnlyCollection<string> ts,
        DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            MessageReads += windows.Count;
            var found = Messages.Where(m => m.Channel == channel && m.Message.ThreadTs == null && ts.Contains(m.Ts)).ToDictionary(
                m => m.Ts, Json);
            return Task.FromResult(new MessageRead { Messages = found, Calls = windows.Count, Complete = true });
        }
    }

    public Task<ThreadRead> ReadThreadAsync(string channel, string threadTs, IReadOnlyCollection<AlertKey> keys, DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            ThreadReads++;
            var parent = Messages.FirstOrDefault(m => m.Channel == channel && m.Ts == threadTs);
            if (parent == null) return Task.FromResult(new ThreadRead { ParentGone = true, Calls = 1, Complete = true });
            var found = new Dictionary<string, string>();
            foreach (var reply in Messages.Where(m => m.Channel == channel && m.Message.ThreadTs == threadTs))
            {
                var identity = MessageIdentity.Read(JsonDocument.Parse(Json(reply).ToJsonString()).RootElement);
                foreach (var key in keys.Where(k => k.Matches(identity))) found[key.Id] = reply.Ts;
            }
            return Task.FromResult(new ThreadRead { Parent = Json(parent), Found = found, Calls = 1, Complete = true });
        }
    }

    public Task<string> PermalinkAsync(string channel, string ts, CancellationToken cancellationToken) =>
        Task.FromResult($"https://fake.slack.com/archives/{channel}/p{ts.Replace(".", "")}");

    /// <summary>Someone claimed the alert with the listener (its claim line, as the listener writes it).</summary>
    public void Claim(string channel, string ts, string userId)
    {
        lock (_sync)
        {
            var index = Messages.FindIndex(m => m.Channel == channel && m.Ts == ts);
            var claimed = AlloyShopifySlack.Slack.Interactions.AcknowledgementMessage.Build(Json(Messages[index]), userId, "someone",
                DateTimeOffset.UnixEpoch);
            Messages[index] = Messages[index] with { Message = claimed };
        }
    }

    public bool Delete(string channel, string ts) { lock (_sync) return Messages.RemoveAll(m => m.Channel == channel && m.Ts == ts) > 0; }

    private static JsonObject Json(Posted posted)
    {
        var json = posted.Message.ToRequestBody(posted.Channel);
        json["ts"] = posted.Ts;
        return json;
    }
}
