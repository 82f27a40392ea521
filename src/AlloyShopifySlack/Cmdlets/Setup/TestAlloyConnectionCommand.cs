using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>
/// Test-AlloyConnection: the health check. One result per component; when any failed, an error as well, so that
/// <c>pwsh -c "Test-AlloyConnection -ErrorAction Stop"</c> exits non-zero for a scheduler or a CI step.
/// -Deep adds read-only probes of which variant of the service this is, as a redacted report.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "AlloyConnection")]
[OutputType(typeof(HealthCheckResult), typeof(ServiceProbeReport), typeof(bool))]
public sealed class TestAlloyConnectionCommand : SetupCmdlet
{
    /// <summary>The Shopify credential to check. Default SHOPIFY_CREDENTIAL_ID.</summary>
    [Parameter]
    public string? ShopifyCredentialId { get; set; }

    /// <summary>The Slack credential to check. Default SLACK_CREDENTIAL_ID.</summary>
    [Parameter]
    public string? SlackCredentialId { get; set; }

    /// <summary>The Google Sheets credential to check. Default GOOGLE_SHEETS_CREDENTIAL_ID; skipped when neither is set.</summary>
    [Parameter]
    public string? GoogleSheetsCredentialId { get; set; }

    /// <summary>
    /// Also probe the service (read-only): execute envelope, credential listing, the Shopify page size that fits the
    /// cost limit, Slack's history page size and metadata, the Sheets connector id. Writes a redacted report and
    /// keeps what it found on the connection for the rest of the session.
    /// </summary>
    [Parameter]
    public SwitchParameter Deep { get; set; }

    /// <summary>The channel whose history -Deep reads. Default SLACK_CHANNEL_ID.</summary>
    [Parameter]
    public string? Channel { get; set; }

    /// <summary>Return only $true (everything works) or $false, with no error.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var clients = Clients(connection.Client);
        var settings = new HealthCheckSettings
        {
            UserId = connection.UserId,
            ShopifyConnectorId = clients.ShopifyConnectorId,
            ShopifyCredentialId = Setting(ShopifyCredentialId, SettingNames.ShopifyCredentialId),
            SlackConnectorId = clients.SlackConnectorId,
            SlackCredentialId = Setting(SlackCredentialId, SettingNames.SlackCredentialId),
            GoogleSheetsConnectorId = Setting(null, SettingNames.GoogleSheetsConnectorId),
            GoogleSheetsCredentialId = Setting(GoogleSheetsCredentialId, SettingNames.GoogleSheetsCredentialId),
            GoogleSheetsSpreadsheetId = Setting(null, SettingNames.GoogleSheetsSpreadsheetId),
            SlackChannelId = Setting(Channel, SettingNames.SlackChannelId),
        };
        var results = RunStep(ct => new ConnectionHealthCheck(connection.Client).RunAsync(settings, ct));
        var failed = results.Where(r => r.Status == HealthStatus.Failed).ToList();
        var report = Deep ? RunStep(ct => new ServiceProbe(connection.Client).RunAsync(settings, ct)) : null;
        if (Quiet)
        {
            WriteObject(failed.Count == 0);
            return;
        }
        foreach (var result in results) WriteObject(SetupOutput.Health(result));
        if (report != null) WriteObject(SetupOutput.Typed(report, ServiceProbeReport.TypeName));
        if (failed.Count == 0) return;
        var names = string.Join(", ", failed.Select(f => f.Component));
        WriteError(ErrorRecords.Create("AlloyHealthCheckFailed", ErrorCategory.ConnectionError,
            $"The health check failed for: {names}. " + string.Join(" ", failed.Select(f => $"{f.Component}: {f.Detail}")),
            names, string.Join(" ", failed.Select(f => f.Remedy).Where(r => r != null))));
    }
}
