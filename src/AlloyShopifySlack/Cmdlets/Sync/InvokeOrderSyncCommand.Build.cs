using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Adapters;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Sync
{
    public sealed partial class InvokeOrderSyncCommand
    {
        /// <summary>Resolves one tenant's job (the contract's order for every setting); writes an error and returns null if it cannot run.</summary>
        private OrderSyncJob? TryBuildJob()
        {
            var schemas = new FactSchemaStore(); // action schemas kept in the sync state (schema/<connector>/<action>)
            var client = ResolveClient().WithSchemaStore(schemas);
            var missing = new List<string>();
            var tenant = client.UserId;
            if (string.IsNullOrEmpty(tenant)) missing.Add("the Alloy user (Connect-Alloy -UserId, or ALLOY_USER_ID)");
            var shop = Setting(ShopifyCredentialId, SettingNames.ShopifyCredentialId);
            if (string.IsNullOrEmpty(shop)) missing.Add("the Shopify credential (-ShopifyCredentialId, or SHOPIFY_CREDENTIAL_ID)");
            var slackCredential = Setting(SlackCredentialId, SettingNames.SlackCredentialId);
            if (string.IsNullOrEmpty(slackCredential)) missing.Add("the Slack credential (-SlackCredentialId, or SLACK_CREDENTIAL_ID)");
            var sheetsCredential = LogToGoogleSheet ? Setting(null, SettingNames.GoogleSheetsCredentialId) : null;
            var spreadsheet = LogToGoogleSheet ? Setting(SpreadsheetId, SettingNames.GoogleSheetsSpreadsheetId) : null;
            if (LogToGoogleSheet && string.IsNullOrEmpty(sheetsCredential)) missing.Add("the Google Sheets credential (GOOGLE_SHEETS_CREDENTIAL_ID) for -LogToGoogleSheet");
            if (LogToGoogleSheet && string.IsNullOrEmpty(spreadsheet)) missing.Add("the spreadsheet (-SpreadsheetId, or GOOGLE_SHEETS_SPREADSHEET_ID) for -LogToGoogleSheet");

            var threshold = MinimumTotal ?? Number(SettingNames.OrderValueThreshold, SettingNames.DefaultThreshold, missing);
            _intervalSeconds = IntervalSeconds ?? (int)Number(SettingNames.CheckIntervalSeconds, SettingNames.DefaultIntervalSeconds, missing);
            var routes = new RouteTable(Route, Setting(Channel, SettingNames.SlackChannelId));
            var routeProblem = routes.Validate(threshold);
            if (routeProblem != null) missing.Add(routeProblem);
            var followUps = FollowUpSettings(missing);
            if (missing.Count > 0)
            {
                WriteError(ErrorRecords.Create("OrderSyncNotConfigured", ErrorCategory.InvalidArgument,
                    "Invoke-OrderSync cannot run: missing " + string.Join("; ", missing) + ".", tenant,
                    "Pass the parameters, set the environment variables (or a .env file), or run Initialize-AlloyShopifySlack."));
                return null;
            }

            foreach (var channel in routes.Channels)
                if (!LooksLikeChannelId(channel))
                    WriteWarning($"'{channel}' does not look like a Slack channel id (C0123ABCD). Posting by name may work, but finding an alert " +
                                 "again after a crash needs the id (conversations.history), so unsettled alerts to it stay pending. Use the channel's id.");

            var target = new SyncTarget { Tenant = tenant!, Shop = shop!, SlackCredential = slackCredential, StatePath = StateFolder() };
            var whatIf = false;
            if (!ShouldProcess($"Post high-value order alerts to Slack for {target.Tenant} (Shopify credential {target.Shop}) and record them in {target.StatePath}.",
                    $"Post high-value order alerts for {target.Tenant} to Slack?", "Invoke-OrderSync", out var reason))
            {
                if (reason != ShouldProcessReason.WhatIf) return null; // the user said no
                whatIf = true;
            }

            var options = new OrderSyncOptions
            {
                MinimumTotal = threshold,
                Routes = routes,
                Since = Since,
                Overlap = TimeSpan.FromMinutes(OverlapMinutes),
                IncludeTest = IncludeTest,
                IncludeCancelled = IncludeCancelled,
                DigestThreshold = DigestThreshold,
                NoDigest = NoDigest,
                ChannelPostInterval = TimeSpan.FromSeconds(1.0 / ChannelRate),
                TagOrders = TagOrders ?? Array.Empty<string>(),
                LogToSheet = LogToGoogleSheet,
                WhatIf = whatIf || Preview, // a preview never posts: it plans as -WhatIf does
                FollowUpWindow = followUps.Window,
                EscalateAfter = followUps.EscalateAfter,
                EscalateTo = EscalateTo,
            };
            var storeDomain = Setting(null, SettingNames.ShopifyStoreDomain);
            var shopify = new ShopifyClient(client, shop!, Setting(null, SettingNames.ShopifyConnectorId) ?? SettingNames.DefaultShopifyConnector, storeDomain);
            var slack = new SlackClient(client, slackCredential!, Setting(null, SettingNames.SlackConnectorId) ?? SettingNames.DefaultSlackConnector);
            var messageOptions = new OrderMessageOptions { WithAcknowledgeButton = WithAcknowledgeButton, StoreDomain = storeDomain };
            var clock = client.Options.Clock;
            var rowLog = LogToGoogleSheet
                ? new SheetsRowLog(new GoogleSheetsOrderLog(new GoogleSheetsClient(client, sheetsCredential!,
                    Setting(null, SettingNames.GoogleSheetsConnectorId)), spreadsheet!), clock)
                : null;
            OrderSyncDependencies Dependencies(ISyncEventSink? events) =>
                new OrderSyncDependencies(new ShopifyOrderSource(shopify), new SlackAlertPoster(slack), new OrderAlertComposer(messageOptions), clock)
                {
                    Tagger = TagOrders != null ? new ShopifyOrderTagger(shopify) : null,
                    RowLog = rowLog,
                    Events = events,
                };
            var ledgerOptions = new FileLedgerOptions { LockTimeout = TimeSpan.FromSeconds(LockTimeoutSeconds) };
            var paths = new LedgerPaths(target.StatePath, target.Tenant, target.Shop);
            var logPath = LogPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(LogPath);
            return new OrderSyncJob(target, paths, options, Dependencies, ledgerOptions, logPath, clock) { Schemas = schemas };
        }

        private static bool LooksLikeChannelId(string channel) =>
            System.Text.RegularExpressions.Regex.IsMatch(channel, "^[CGD][A-Z0-9]{5,}$");

        private string StateFolder() => StatePath == null
            ? LedgerPaths.DefaultDirectory()
            : SessionState.Path.GetUnresolvedProviderPathFromPSPath(StatePath);

        private decimal Number(string name, decimal fallback, List<string> problems)
        {
            var text = Setting(null, name);
            if (string.IsNullOrEmpty(text)) return fallback;
            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0) return value;
            problems.Add($"a valid {name} ('{text}' is not a non-negative number)");
            return fallback;
        }
    }
}
