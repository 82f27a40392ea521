namespace AlloyShopifySlack.Setup;

public enum HealthStatus { Ok, Failed, Skipped }

/// <summary>One component's health (type name AlloyShopifySlack.HealthCheckResult): what was checked and what to do.</summary>
/// <param name="Remedy">What to do about a failure (null when nothing is wrong).</param>
public sealed record HealthCheckResult(string Component, HealthStatus Status, string Detail, string? Remedy = null,
    string? CredentialId = null)
{
    public override string ToString() => $"{Component}: {Status} — {Detail}";
}

/// <summary>The ids Test-AlloyConnection checks (resolved by the cmdlet from parameters, connection, env and .env).</summary>
public sealed class HealthCheckSettings
{
    public string? UserId { get; set; }
    public string ShopifyConnectorId { get; set; } = Alloy.SettingNames.DefaultShopifyConnector;
    public string? ShopifyCredentialId { get; set; }
    public string SlackConnectorId { get; set; } = Alloy.SettingNames.DefaultSlackConnector;
    public string? SlackCredentialId { get; set; }
    /// <summary>Null: the Google Sheets connector in Alloy's list.</summary>
    public string? GoogleSheetsConnectorId { get; set; }
    public string? GoogleSheetsCredentialId { get; set; }
    public string? GoogleSheetsSpreadsheetId { get; set; }
    /// <summary>The channel whose history -Deep reads (SLACK_CHANNEL_ID).</summary>
    public string? SlackChannelId { get; set; }
}
