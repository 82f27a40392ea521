using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Cmdlets.Infrastructure;

/// <summary>
/// The one place cmdlets get their service clients: each on the connection's Alloy client (so one HttpClient
/// serves them all), with the connector id from its setting or, without one, the default.
/// </summary>
internal sealed class ClientFactory
{
    private readonly Func<string, string?> _setting;

    /// <param name="setting">Reads a setting by name (the cmdlet's resolution order, or a .env being written).</param>
    public ClientFactory(AlloyClient alloy, Func<string, string?> setting)
    {
        Alloy = alloy ?? throw new ArgumentNullException(nameof(alloy));
        _setting = setting;
    }

    public AlloyClient Alloy { get; }

    public string ShopifyConnectorId => _setting(SettingNames.ShopifyConnectorId) ?? SettingNames.DefaultShopifyConnector;

    public string SlackConnectorId => _setting(SettingNames.SlackConnectorId) ?? SettingNames.DefaultSlackConnector;

    /// <summary>Null without a setting: the client finds the connector in Alloy's list (googleSheets or googlesheets).</summary>
    public string? GoogleSheetsConnectorId => _setting(SettingNames.GoogleSheetsConnectorId);

    public ShopifyClient Shopify(string credentialId, string? storeDomain) =>
        new ShopifyClient(Alloy, credentialId, ShopifyConnectorId, storeDomain);

    public SlackClient Slack(string credentialId) => new SlackClient(Alloy, credentialId, SlackConnectorId);

    public GoogleSheetsClient GoogleSheets(string credentialId) => new GoogleSheetsClient(Alloy, credentialId, GoogleSheetsConnectorId);
}
