using System.Linq;
using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Setup
{
    /// <summary>
    /// Test-AlloyConnection: the health check. One result per component; when any failed, an error as well, so that
    /// <c>pwsh -c "Test-AlloyConnection -ErrorAction Stop"</c> exits non-zero for a scheduler or a CI step.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "AlloyConnection")]
    [OutputType(typeof(HealthCheckResult), typeof(bool))]
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

        /// <summary>Return only $true (everything works) or $false, with no error.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ResolveConnection();
            var settings = new HealthCheckSettings
            {
                UserId = connection.UserId,
                ShopifyConnectorId = Setting(null, SettingNames.ShopifyConnectorId) ?? SettingNames.DefaultShopifyConnector,
                ShopifyCredentialId = Setting(ShopifyCredentialId, SettingNames.ShopifyCredentialId),
                SlackConnectorId = Setting(null, SettingNames.SlackConnectorId) ?? SettingNames.DefaultSlackConnector,
                SlackCredentialId = Setting(SlackCredentialId, SettingNames.SlackCredentialId),
                GoogleSheetsConnectorId = Setting(null, SettingNames.GoogleSheetsConnectorId),
                GoogleSheetsCredentialId = Setting(GoogleSheetsCredentialId, SettingNames.GoogleSheetsCredentialId),
                GoogleSheetsSpreadsheetId = Setting(null, SettingNames.GoogleSheetsSpreadsheetId),
            };
            var results = RunStep(ct => new ConnectionHealthCheck(connection.Client).RunAsync(settings, ct));
            var failed = results.Where(r => r.Status == HealthStatus.Failed).ToList();
            if (Quiet)
            {
                WriteObject(failed.Count == 0);
                return;
            }
            foreach (var result in results) WriteObject(SetupOutput.Health(result));
            if (failed.Count == 0) return;
            var names = string.Join(", ", failed.Select(f => f.Component));
            WriteError(ErrorRecords.Create("AlloyHealthCheckFailed", ErrorCategory.ConnectionError,
                $"The health check failed for: {names}. " + string.Join(" ", failed.Select(f => $"{f.Component}: {f.Detail}")),
                names, string.Join(" ", failed.Select(f => f.Remedy).Where(r => r != null))));
        }
    }
}
