using System;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Sync.Adapters
{
    /// <summary>
    /// -LogToGoogleSheet: one row per alerted order in the guide's columns (order, total, customer, acknowledged by,
    /// time), acknowledged by left empty because the row records the alert.
    /// </summary>
    public sealed class SheetsRowLog : IAlertRowLog
    {
        public const string DefaultRange = "Sheet1!A:E";
        private readonly AlloyClient _client;
        private readonly string _credentialId;
        private readonly string _spreadsheetId;
        private readonly string _connectorId;
        private readonly IClock _clock;

        private SheetsRowLog(AlloyClient client, string credentialId, string spreadsheetId, string connectorId, IClock clock)
        {
            _client = client;
            _credentialId = credentialId;
            _spreadsheetId = spreadsheetId;
            _connectorId = connectorId;
            _clock = clock;
        }

        public static SheetsRowLog Create(AlloyClient client, string credentialId, string spreadsheetId, string? connectorId, IClock clock) =>
            new SheetsRowLog(client, credentialId, spreadsheetId, string.IsNullOrEmpty(connectorId) ? SettingNames.DefaultGoogleSheetsConnector : connectorId!, clock);

        public async Task AppendAsync(ShopifyOrder order, PostedMessage message, CancellationToken cancellationToken)
        {
            var row = new JsonArray
            {
                order.Name,
                order.Total,
                order.CustomerName ?? string.Empty,
                string.Empty,
                _clock.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            };
            var request = new ActionRequest(_credentialId)
            {
                RequestBody = new JsonObject { ["spreadsheetId"] = _spreadsheetId, ["range"] = DefaultRange, ["values"] = new JsonArray { row } },
            };
            await _client.ExecuteAsync(_connectorId, "appendRow", request, cancellationToken).ConfigureAwait(false);
        }
    }
}
