using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.GoogleSheets;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>Connect-AlloyGoogleSheets: connects a Google account (for the optional order log) through OAuth.</summary>
[Cmdlet(VerbsCommunications.Connect, "AlloyGoogleSheets", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AlloyCredential))]
public sealed class ConnectAlloyGoogleSheetsCommand : ConnectOAuthCmdlet
{
    protected override string DisplayName => "Google Sheets";

    /// <summary>GOOGLE_SHEETS_CONNECTOR_ID, else the Google Sheets connector in Alloy's list (googleSheets or googlesheets).</summary>
    protected override string ResolveConnectorId(AlloyClient client) =>
        RunStep(ct => GoogleSheetsConnector.ResolveAsync(client, Clients(client).GoogleSheetsConnectorId, ct));
}
