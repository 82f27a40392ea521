using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.GoogleSheets;

/// <summary>
/// Which id Alloy gives Google Sheets: very likely "googleSheets" (its OAuth strategy path says so), possibly
/// "googlesheets". Unless GOOGLE_SHEETS_CONNECTOR_ID sets it, it is found in GET /connectors by id or name
/// (case and spaces ignored) and remembered for the connection.
/// </summary>
public static class GoogleSheetsConnector
{
    private const string Wanted = "googlesheets";

    public static async Task<string> ResolveAsync(AlloyClient client, string? explicitId, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(explicitId)) return explicitId!.Trim();
        var known = client.Learned.Get(ServiceFacts.SheetsConnectorId);
        if (known != null) return known;
        var connectors = await client.ListConnectorsAsync(ct).ConfigureAwait(false);
        var found = connectors.FirstOrDefault(c => Normalize(c.Id) == Wanted)
            ?? connectors.FirstOrDefault(c => Normalize(c.Name) == Wanted);
        if (found == null)
            throw new AlloyConfigurationException("GoogleSheetsConnectorNotFound",
                $"Alloy lists no Google Sheets connector ({connectors.Count} connectors, none named googleSheets or googlesheets). " +
                $"Set {SettingNames.GoogleSheetsConnectorId} to its id; Get-AlloyConnector lists them.");
        client.Learned.Set(ServiceFacts.SheetsConnectorId, found.Id);
        return found.Id;
    }

    /// <summary>"Google Sheets", "google_sheets", "googleSheets" → "googlesheets".</summary>
    internal static string Normalize(string? text) =>
        new string((text ?? string.Empty).Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
