using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Setup;

/// <summary>
/// The guide's health check: one result per component, each with a remedy when it fails. Read-only: nothing is
/// posted or changed. A component that cannot be checked because an earlier one failed is Skipped, not Failed.
/// </summary>
public sealed class ConnectionHealthCheck
{
    private readonly AlloyClient _client;

    public ConnectionHealthCheck(AlloyClient client) { _client = client; }

    public async Task<IReadOnlyList<HealthCheckResult>> RunAsync(HealthCheckSettings settings, CancellationToken ct)
    {
        var results = new List<HealthCheckResult>();
        var alloy = await CheckAlloyAsync(settings.UserId, ct).ConfigureAwait(false);
        results.Add(alloy);
        var why = alloy.Status == HealthStatus.Ok ? null : "Skipped because the Alloy check failed.";

        results.Add(why != null ? Skip("Shopify", why) : await CheckCredentialAsync("Shopify", settings.ShopifyConnectorId,
            settings.ShopifyCredentialId, SettingNames.ShopifyCredentialId, "Connect-AlloyShopify -ShopName <store>",
            (c, id, t) => ConnectorProbes.ShopifyAsync(c, settings.ShopifyConnectorId, id, t), ct).ConfigureAwait(false));
        results.Add(why != null ? Skip("Slack", why) : await CheckCredentialAsync("Slack", settings.SlackConnectorId,
            settings.SlackCredentialId, SettingNames.SlackCredentialId, "Connect-AlloySlack",
            (c, id, t) => ConnectorProbes.SlackAsync(c, settings.SlackConnectorId, id, t), ct).ConfigureAwait(false));

        if (string.IsNullOrEmpty(settings.GoogleSheetsCredentialId))
            results.Add(Skip("Google Sheets", $"Not configured ({SettingNames.GoogleSheetsCredentialId} is not set); the order log " +
                "is optional."));
        else if (why != null)
            results.Add(Skip("Google Sheets", why));
        else
            results.Add(await CheckSheetsAsync(settings, ct).ConfigureAwait(false));
        return results;
    }

    /// <summary>Test-AlloyCredential: is the credential listed for the user, and does a read through it work?</summary>
    public async Task<HealthCheckResult> TestCredentialAsync(string credentialId, string? connectorId, HealthCheckSettings settings,
        CancellationToken ct)
    {
        var component = connectorId ?? "Credential";
        try
        {
            var listed = (await _client.ListCredentialsAsync(connectorId, ct).ConfigureAwait(false)).FirstOrDefault(
                c => c.CredentialId == credentialId);
            if (listed == null)
                return new HealthCheckResult(component, HealthStatus.Failed,
                    $"Alloy lists no credential {credentialId}" + (connectorId != null ? $" for connector '{connectorId}'" : string.Empty)
                        + $" for user {_client.UserId}.",
                    "Check the id with Get-AlloyCredential; connect again with Connect-AlloyShopify / Connect-AlloySlack.", credentialId);
            var connector = connectorId ?? listed.ConnectorId ?? "unknown";
            string detail;
            if (string.Equals(connector, settings.ShopifyConnectorId, StringComparison.OrdinalIgnoreCase))
                detail = await ConnectorProbes.ShopifyAsync(_client, connector, credentialId, ct).ConfigureAwait(false);
            else if (string.Equals(connector, settings.SlackConnectorId, StringComparison.OrdinalIgnoreCase))
                detail = await ConnectorProbes.SlackAsync(_client, connector, credentialId, ct).ConfigureAwait(false);
            else
                detail = "Listed by Alloy (no read-only check is known for this connector).";
            return new HealthCheckResult(connector, HealthStatus.Ok, (listed.Name != null ? listed.Name + ": " : string.Empty) + detail,
                null, credentialId);
        }
        catch (AlloyException ex)
        {
            return Failure(component, ex, "Connect the account again (Connect-AlloyShopify / Connect-AlloySlack).", credentialId);
        }
    }

    private async Task<HealthCheckResult> CheckAlloyAsync(string? userId, CancellationToken ct)
    {
        try
        {
            var connectors = await _client.ListConnectorsAsync(ct).ConfigureAwait(false);
            if (string.IsNullOrEmpty(userId))
                return new HealthCheckResult("Alloy", HealthStatus.Failed, $"The API key works ({connectors.Count} connectors), but no " +
                    "user is selected.",
                    $"Set {SettingNames.UserId} (Initialize-AlloyShopifySlack writes it), or create one with New-AlloyUser.");
            var user = await _client.GetUserAsync(userId!, ct).ConfigureAwait(false);
            return new HealthCheckResult("Alloy", HealthStatus.Ok,
                $"The API key works ({connectors.Count} connectors); user {user.UserId}" + (user.Username != null
                    ? $" ({user.Username})." : "."));
        }
        catch (AlloyNotFoundException)
        {
            return new HealthCheckResult("Alloy", HealthStatus.Failed, $"The API key works, but Alloy has no user {userId}.",
                $"Fix {SettingNames.UserId}, or run Initialize-AlloyShopifySlack to create or reuse the user.");
        }
        catch (AlloyException ex)
        {
            return Failure("Alloy", ex, "Check ALLOY_API_KEY (or Connect-Alloy -ApiKey) and ALLOY_BASE_URL.", null);
        }
    }

    private async Task<HealthCheckResult> CheckCredentialAsync(string component, string connectorId, string? credentialId,
        string settingName,
        string connectCommand, Func<AlloyClient, string, CancellationToken, Task<string>> probe, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(credentialId))
            return new HealthCheckResult(component, HealthStatus.Failed, $"No credential: {settingName} is not set.",
                $"Run {connectCommand} (or Initialize-AlloyShopifySlack), which writes {settingName}.");
        try
        {
            return new HealthCheckResult(component, HealthStatus.Ok, await probe(_client, credentialId!, ct).ConfigureAwait(false),
                null, credentialId);
        }
        catch (AlloyException ex)
        {
            return Failure(component, ex, $"Connect the account again with {connectCommand} and update {settingName}.", credentialId);
        }
    }

    private async Task<HealthCheckResult> CheckSheetsAsync(HealthCheckSettings settings, CancellationToken ct)
    {
        string connectorId;
        try
        {
            connectorId = await GoogleSheets.GoogleSheetsConnector.ResolveAsync(_client, settings.GoogleSheetsConnectorId, ct)
                .ConfigureAwait(false);
        }
        catch (AlloyException ex)
        {
            return Failure("Google Sheets", ex, $"Set {SettingNames.GoogleSheetsConnectorId} to the connector's id (Get-AlloyConnector " +
                "lists them).", settings.GoogleSheetsCredentialId);
        }
        var result = await TestCredentialAsync(settings.GoogleSheetsCredentialId!, connectorId, settings, ct).ConfigureAwait(false);
        var renamed = new HealthCheckResult("Google Sheets", result.Status, result.Detail, result.Remedy, result.CredentialId);
        if (renamed.Status == HealthStatus.Ok && string.IsNullOrEmpty(settings.GoogleSheetsSpreadsheetId))
            return new HealthCheckResult("Google Sheets", HealthStatus.Failed, $"The credential is listed, " +
                $"but {SettingNames.GoogleSheetsSpreadsheetId} is not set.",
                $"Set {SettingNames.GoogleSheetsSpreadsheetId} to the id in the sheet's URL.", result.CredentialId);
        return renamed;
    }

    private static HealthCheckResult Skip(string component, string why) => new HealthCheckResult(component, HealthStatus.Skipped, why);

    private static HealthCheckResult Failure(string component, AlloyException ex, string reconnect, string? credentialId)
    {
        var remedy = ex.Kind switch
        {
            AlloyErrorKind.Authentication => "Check ALLOY_API_KEY (or Connect-Alloy -ApiKey): Alloy refused the key.",
            AlloyErrorKind.Unreachable => "Check ALLOY_BASE_URL and the network, then try again.",
            AlloyErrorKind.RateLimited => "Alloy is rate-limiting: wait a minute and try again.",
            AlloyErrorKind.Server => "Alloy had a server error: try again shortly.",
            _ => reconnect,
        };
        return new HealthCheckResult(component, HealthStatus.Failed, $"{ex.Message} [{ex.ErrorId}]", remedy, credentialId);
    }
}
