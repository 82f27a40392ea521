namespace AlloyShopifySlack.Emulator;

/// <summary>The seeded tenant: an Alloy user with a credential per connector, a default channel and a store.</summary>
public sealed record EmulatorTenant
{
    public required string UserId { get; init; }
    public required string Username { get; init; }
    public required string FullName { get; init; }
    public required string ShopifyCredentialId { get; init; }
    public required string SlackCredentialId { get; init; }
    public required string GoogleSheetsCredentialId { get; init; }
    /// <summary>The default alert channel (the app is a member).</summary>
    public required string ChannelId { get; init; }
    /// <summary>Further channels the app is a member of (routing, benchmarks over several channels).</summary>
    public required IReadOnlyList<string> ChannelIds { get; init; }
    /// <summary>A channel the app is not a member of (chat.postMessage answers not_in_channel).</summary>
    public required string NotMemberChannelId { get; init; }
    public required string ArchivedChannelId { get; init; }
    /// <summary>The store subdomain (&lt;StoreDomain&gt;.myshopify.com).</summary>
    public required string StoreDomain { get; init; }
    public required string SpreadsheetId { get; init; }
}
