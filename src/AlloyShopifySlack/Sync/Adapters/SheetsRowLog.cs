using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Sync.Adapters
{
    /// <summary>
    /// -LogToGoogleSheet on <see cref="GoogleSheetsOrderLog"/>: one row per alerted order in the guide's columns,
    /// "acknowledged by" left empty because the row records the alert (the listener logs acknowledgements).
    /// </summary>
    public sealed class SheetsRowLog : IAlertRowLog
    {
        private readonly GoogleSheetsOrderLog _log;
        private readonly IClock _clock;

        public SheetsRowLog(GoogleSheetsOrderLog log, IClock clock)
        {
            _log = log;
            _clock = clock;
        }

        public Task AppendAsync(ShopifyOrder order, SlackPostResult message, CancellationToken cancellationToken) =>
            _log.AppendOrderAsync(order, null, _clock.UtcNow, cancellationToken);
    }
}
