namespace AlloyShopifySlack.Slack;

/// <summary>Where a posted message landed. Type name AlloyShopifySlack.SlackPostResult.</summary>
/// <param name="Channel">The channel id Slack reports (an id even when a name was given).</param>
/// <param name="Ts">The message's timestamp: its id within the channel (chat.update and threads need it).</param>
public sealed record SlackPostResult(string Channel, string Ts)
{
    public override string ToString() => $"{Channel} {Ts}";
}

/// <summary>Who the Slack credential is (auth.test).</summary>
public sealed class SlackAuthInfo
{
    public string? Url { get; set; }
    public string? Team { get; set; }
    public string? TeamId { get; set; }
    public string? User { get; set; }
    public string? UserId { get; set; }
    public string? BotId { get; set; }
    public string? AppId { get; set; }
    public override string ToString() => $"{User} in {Team}";
}

/// <summary>A channel the credential can see (conversations.list). Type name AlloyShopifySlack.SlackChannel.</summary>
public sealed class SlackChannel
{
    public string Id { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public bool IsPrivate { get; set; }
    public bool IsMember { get; set; }
    public bool IsArchived { get; set; }
    public override string ToString() => "#" + Name;
}
