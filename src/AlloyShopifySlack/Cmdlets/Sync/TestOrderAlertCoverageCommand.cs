using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync;
using AlloyShopifySlack.Sync.Adapters;
using AlloyShopifySlack.Sync.Coverage;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Sync;

/// <summary>
/// Test-OrderAlertCoverage: one AlloyShopifySlack.OrderAlertCoverage per order the sync alerts (with the sync's
/// selection) since -Since, read from Shopify and the channels' history; a summary line; one non-terminating
/// error per missing or doubled alert, so that a CI step can fail on it.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "OrderAlertCoverage")]
[OutputType(TypeName)]
public sealed class TestOrderAlertCoverageCommand : AlloyCmdlet
{
    public const string TypeName = "AlloyShopifySlack.OrderAlertCoverage";

    /// <summary>Orders created at or after this time are checked.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public DateTimeOffset Since { get; set; }

    /// <summary>Orders created before this time only. Default: up to now.</summary>
    [Parameter]
    public DateTimeOffset? Until { get; set; }

    /// <summary>The sync's threshold. Default: ORDER_VALUE_THRESHOLD, else 500.</summary>
    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    public decimal? MinimumTotal { get; set; }

    /// <summary>The sync's default channel. Default: SLACK_CHANNEL_ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.SlackChannelCompleter))]
    public string? Channel { get; set; }

    /// <summary>The sync's routing rules (New-OrderRoute).</summary>
    [Parameter]
    [ValidateNotNull]
    public OrderRoute[]? Route { get; set; }

    /// <summary>The sync state's folder, for pending and failing alerts and follow-up counts. Default: as Invoke-OrderSync.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StatePath { get; set; }

    [Parameter]
    public SwitchParameter IncludeTest { get; set; }

    [Parameter]
    public SwitchParameter IncludeCancelled { get; set; }

    /// <summary>The Shopify credential. Default: SHOPIFY_CREDENTIAL_ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ShopifyCredentialId { get; set; }

    /// <summary>The Slack credential. Default: SLACK_CREDENTIAL_ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SlackCredentialId { get; set; }

    /// <summary>The longest the check spends reading channel history. Default 15.</summary>
    [Parameter]
    [ValidateRange(1, 1440)]
    public int TimeoutMinutes { get; set; } = 15;

    protected override void ProcessRecord()
    {
        var client = ResolveClient();
        var shop = RequireSetting(ShopifyCredentialId, SettingNames.ShopifyCredentialId, "ShopifyCredentialId");
        var slackCredential = RequireSetting(SlackCredentialId, SettingNames.SlackCredentialId, "SlackCredentialId");
        var selection = new OrderSyncOptions
        {
            MinimumTotal = MinimumTotal ?? Threshold(), Routes = new RouteTable(Route, Setting(Channel, SettingNames.SlackChannelId)),
            IncludeTest = IncludeTest, IncludeCancelled = IncludeCancelled,
        };
        var problem = selection.Routes.Validate(selection.MinimumTotal);
        if (problem != null) ThrowTerminatingError(ErrorRecords.Create("OrderAlertCoverageNoChannel", ErrorCategory.InvalidArgument,
            problem, null));

        var clients = Clients(client);
        var shopify = clients.Shopify(shop, Setting(null, SettingNames.ShopifyStoreDomain));
        var slack = clients.Slack(slackCredential);
        var folder = StatePath == null ? LedgerPaths.DefaultDirectory() : SessionState.Path.GetUnresolvedProviderPathFromPSPath(StatePath);
        var paths = new LedgerPaths(folder, client.UserId ?? string.Empty, shop);
        CoverageReport report;
        try
        {
            using var ledger = FileOrderLedger.Exists(paths) ? FileOrderLedger.OpenReadOnly(paths) : null;
            var check = new AlertCoverageCheck(new ShopifyOrderSource(shopify), new SlackAlertReader(slack), client.Options.Clock);
            report = Run(ct => check.RunAsync(Since, Until, selection, ledger, TimeSpan.FromMinutes(TimeoutMinutes), ct));
        }
        catch (PipelineStoppedException) { throw; }
        catch (Exception ex) when (ex is AlloyException || ex is SyncStateException)
        {
            ThrowError(ex);
            return;
        }

        foreach (var order in report.Orders)
        {
            WriteObject(TypedOutput.As(order, TypeName));
            if (order.Status == CoverageStatus.Missing)
                WriteError(ErrorRecords.Create("OrderAlertMissing", ErrorCategory.ObjectNotFound,
                    $"Order {order.OrderName} ({OrderFormat.RawMoney(order.Total, order.Currency)}) has no alert " +
                        $"in {order.Channel}: {order.Detail}.", order,
                    "Run Invoke-OrderSync -Since to post what is missing (it looks in the channel first), or look for the alert by hand."));
            else if (order.Status == CoverageStatus.Doubled)
                WriteError(ErrorRecords.Create("OrderAlertDoubled", ErrorCategory.InvalidResult,
                    $"Order {order.OrderName} has {order.AllTs.Count} alerts: {order.Detail}.", order,
                    "Delete the extra message in Slack, and check that only one sync (one state folder) serves this shop."));
        }
        foreach (var incomplete in report.Problems)
            WriteError(ErrorRecords.Create("OrderAlertCoverageIncomplete", ErrorCategory.LimitsExceeded,
                $"The history of {incomplete}; orders it did not reach are NotChecked.", null,
                "Run again with a larger -TimeoutMinutes or a later -Since (Slack allows apps outside its Marketplace one history " +
                    "call a minute)."));
        // Shown like Write-Host (kept out of the output; -InformationAction Ignore silences it).
        var summary = new InformationRecord(new HostInformationMessage { Message = report.Summary() }, MyInvocation.MyCommand.Name);
        summary.Tags.Add("PSHOST");
        WriteInformation(summary);
    }

    private decimal Threshold()
    {
        var text = Setting(null, SettingNames.OrderValueThreshold);
        if (string.IsNullOrEmpty(text)) return SettingNames.DefaultThreshold;
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0) return value;
        ThrowTerminatingError(ErrorRecords.Create("OrderValueThresholdInvalid", ErrorCategory.InvalidArgument,
            $"ORDER_VALUE_THRESHOLD ('{text}') is not a non-negative number.", text, "Pass -MinimumTotal, or fix the setting."));
        return 0m; // not reached
    }
}
