namespace AlloyShopifySlack.Alloy;

/// <summary>The environment variables of the contract (also the keys of .env files).</summary>
public static class SettingNames
{
    public const string ApiKey = "ALLOY_API_KEY";
    public const string ApiVersion = "ALLOY_API_VERSION";
    public const string UserId = "ALLOY_USER_ID";
    public const string BaseUrl = "ALLOY_BASE_URL";
    public const string ShopifyCredentialId = "SHOPIFY_CREDENTIAL_ID";
    public const string SlackCredentialId = "SLACK_CREDENTIAL_ID";
    public const string ShopifyConnectorId = "SHOPIFY_CONNECTOR_ID";
    public const string SlackConnectorId = "SLACK_CONNECTOR_ID";
    public const string SlackChannelId = "SLACK_CHANNEL_ID";
    public const string OrderValueThreshold = "ORDER_VALUE_THRESHOLD";
    public const string ShopifyStoreDomain = "SHOPIFY_STORE_DOMAIN";
    public const string CheckIntervalSeconds = "CHECK_INTERVAL_SECONDS";
    public const string GoogleSheetsCredentialId = "GOOGLE_SHEETS_CREDENTIAL_ID";
    public const string GoogleSheetsSpreadsheetId = "GOOGLE_SHEETS_SPREADSHEET_ID";
    public const string GoogleSheetsConnectorId = "GOOGLE_SHEETS_CONNECTOR_ID";
    public const string SlackSigningSecret = "SLACK_SIGNING_SECRET";

    public const string DefaultBaseUrl = "https://production.runalloy.com";
    public const string DefaultApiVersion = "2025-09";
    public const string DefaultShopifyConnector = "shopify";
    public const string DefaultSlackConnector = "slack";
    public const decimal DefaultThreshold = 500m;
    public const int DefaultIntervalSeconds = 300;

    /// <summary>Settings whose values are secrets: never printed, never logged.</summary>
    public static bool IsSecret(string name) => name == ApiKey || name == SlackSigningSecret;
}
