using System.Management.Automation;
using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Cmdlets.Setup
{
    /// <summary>Connect-AlloyGoogleSheets: connects a Google account (for the optional order log) through OAuth.</summary>
    [Cmdlet(VerbsCommunications.Connect, "AlloyGoogleSheets", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AlloyCredential))]
    public sealed class ConnectAlloyGoogleSheetsCommand : ConnectOAuthCmdlet
    {
        protected override string DisplayName => "Google Sheets";

        protected override string ConnectorId =>
            Setting(null, SettingNames.GoogleSheetsConnectorId) ?? SettingNames.DefaultGoogleSheetsConnector;
    }
}
