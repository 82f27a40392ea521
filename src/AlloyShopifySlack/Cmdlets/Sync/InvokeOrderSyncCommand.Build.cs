using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Slack.Pacing;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Adapters;

namespace AlloyShopifySlack.Cmdlets.Sync;

public sealed partial class InvokeOrderSyncCommand
{
    /// <summary>Resolves one tenant's job (the contract's order for every setting); writes an error and returns null if it cannot
    /// run.</summary>
    private OrderSyncJob? TryBuildJob()
    {
        var schemas = new FactSchemaStore(); // action schemas kept in the sync state (schema/<connector>/<action>)
        var client = ResolveClient(UserId).WithSchemaStore(schemas);
        var missing = new List<string>();
        var tenant = client.UserId;
        if (string.IsNullOrEmpty(tenant)) missing.Add("No Alloy user: pass Connect-Alloy -UserId, or set ALLOY_USER_ID.");
        var shop = Setting(ShopifyCredentialId, SettingNames.ShopifyCredentialId);
        if (string.IsNullOrEmpty(shop)) missing.Add("No Shopify credential: pass -ShopifyCredentialId, or set SHOPIFY_CREDENTIAL_ID.");
        var slackCredential = Setting(SlackCredentialId, SettingNames.SlackCredentialId);
        if (string.IsNullOrEmpty(slackCredential)) missing.Add("No Slack credential: pass -SlackCredentialId, or set SLACK_CREDENTIAL_ID.");
        var sheetsCredential = LogToGoogleSheet ? Setting(null, SettingNames.GoogleSheetsCredentialId) : null;
        var spreadsheet = LogToGoogleSheet ? Setting(SpreadsheetId, SettingNames.GoogleSheetsSpreadsheetId) : null;
        if (LogToGoogleSheet && string.IsNullOrEmpty(sheetsCredential)) missing.Add(
            "No Google Sheets credential for -LogToGoogleSheet: set GOOGLE_SHEETS_CREDENTIAL_ID.");
        if (LogToGoogleSheet && string.IsNullOrEmpty(spreadsheet)) missing.Add(
            "No spreadsheet for -LogToGoogleSheet: pass -SpreadsheetId, or set GOOGLE_SHEETS_SPREADSHEET_ID.");

        var threshold = MinimumTotal ?? Amount(SettingNames.OrderValueThreshold, SettingNames.DefaultThreshold, missing);
        _intervalSeconds = IntervalSeconds ?? Seconds(SettingNames.CheckIntervalSeconds, (int)SettingNames.DefaultIntervalSeconds, missing);
        var routes = new RouteTable(Route, Setting(Channel, SettingNames.SlackChannelId));
        var routeProblem = routes.Validate(threshold);
        if (routeProblem != null) missing.Add(routeProblem);
        var followUps = FollowUpSettings(missing);
        if (missing.Count > 0)
        {
            _tenants++;
            _failures.Add(ErrorRecords.Create("OrderSyncNotConfigured", ErrorCategory.InvalidArgument,
                "The sync cannot run. " + string.Join(" ", missing), tenant,
                "Pass the parameters, set the environment variables (or a .env file), or run Initialize-AlloyShopifySlack."));
            return null;
        }

        foreach (var channel in routes.Channels)
            if (!LooksLikeChannelId(channel))
                WriteWarning($"'{channel}' does not look like a Slack channel id (C0123ABCD). Posting by name may work, but " +
                    "finding an alert " +
                             "again after a crash needs the id (conversations.history), so unsettled alerts to it stay pending. Use the " +
                                 "channel's id.");

        var store = Store();
        var target = new SyncTarget { Tenant = tenant!, Shop = shop!, SlackCredential = slackCredential, StatePath = store.Location };
        var whatIf = false;
        if (!ShouldProcess($"Post high-value order alerts to Slack for {target.Tenant} (Shopify credential {target.Shop}) and record " +
            $"them in {target.StatePath}.",
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
            TagOrders = TagOrders ?? Array.Empty<string>(),
            LogToSheet = LogToGoogleSheet,
            WhatIf = whatIf || Preview, // a preview never posts: it plans as -WhatIf does
            FollowUpWindow = followUps.Window,
            EscalateAfter = followUps.EscalateAfter,
            EscalateTo = EscalateTo,
        };
        var storeDomain = Setting(null, SettingNames.ShopifyStoreDomain);
        var clients = Clients(client);
        var shopify = clients.Shopify(shop!, storeDomain);
        var slack = clients.Slack(slackCredential!);
        slack.ChannelLimit = ChannelLimit.From(ChannelRate, null); // the workspace's pacer is shared; this ceiling is this run's own
        var messageOptions = new OrderMessageOptions { WithAcknowledgeButton = WithAcknowledgeButton, StoreDomain = storeDomain };
        var clock = client.Options.Clock;
        var rowLog = LogToGoogleSheet
            ? new GoogleSheetsOrderLog(clients.GoogleSheets(sheetsCredential!), spreadsheet!)
            : null;
        var channelCheck = new SlackChannelCheck(slack); // one per job: a continuous run checks each channel once
        OrderSyncDependencies Dependencies(ISyncEventSink? events, string? workspace) =>
            new OrderSyncDependencies(new ShopifyOrderSource(shopify), new SlackAlertPoster(slack),
                new OrderAlertComposer(messageOptions), clock)
            {
                Tagger = TagOrders != null ? shopify : null,
                RowLog = rowLog,
                Events = events,
                ChannelCheck = channelCheck,
                SharedPacing = _pacing,
                SlackWorkspace = workspace,
            };
        var logPath = LogPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(LogPath);
        return new OrderSyncJob(target, store, options, Dependencies, LockTimeout(store), logPath, clock)
        {
            RoundStart = _round,
            WorkspaceLookup = async ct => (await slack.AuthTestAsync(ct).ConfigureAwait(false)).TeamId,
            Schemas = schemas,
            ChannelCheck = channelCheck,
        };
    }

    private static bool LooksLikeChannelId(string channel) =>
        System.Text.RegularExpressions.Regex.IsMatch(channel, "^[CGD][A-Z0-9]{5,}$");

    /// <summary>A setting read by <see cref="AmountText"/>; a value it refuses is a problem that names where it came from.</summary>
    private decimal Amount(string name, decimal fallback, List<string> problems)
    {
        var setting = Settings.Resolve(name);
        if (setting == null || string.IsNullOrWhiteSpace(setting.Value)) return fallback;
        if (AmountText.TryParse(setting.Value, name, out var value, out var problem)) return value;
        problems.Add($"{problem} (from {setting.Source})");
        return fallback;
    }

    private int Seconds(string name, int fallback, List<string> problems)
    {
        var setting = Settings.Resolve(name);
        if (setting == null || string.IsNullOrWhiteSpace(setting.Value)) return fallback;
        if (AmountText.TryParseWhole(setting.Value, name, 0, 86400, out var value, out var problem)) return value;
        problems.Add($"{problem} (from {setting.Source})");
        return fallback;
    }
}
