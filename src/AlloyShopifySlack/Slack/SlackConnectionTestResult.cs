namespace AlloyShopifySlack.Slack;

/// <summary>What Test-SlackConnection found. Type name AlloyShopifySlack.SlackConnectionTestResult.</summary>
public sealed class SlackConnectionTestResult
{
    /// <summary>True when auth.test succeeded (and, when a channel was named, the app can post there).</summary>
    public bool Connected { get; set; }
    public string CredentialId { get; set; } = string.Empty;
    public string? Team { get; set; }
    public string? TeamId { get; set; }
    public string? User { get; set; }
    public string? UserId { get; set; }
    public string? BotId { get; set; }
    public string? Url { get; set; }
    public string? Channel { get; set; }
    /// <summary>Null when no channel was checked.</summary>
    public bool? ChannelFound { get; set; }
    public bool? ChannelIsMember { get; set; }
    public string? Error { get; set; }
    public string? Remedy { get; set; }
    public override string ToString() => Connected ? $"Connected to {Team} as {User}" : "Not connected: " + Error;
}
