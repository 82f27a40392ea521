using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Sync;

namespace AlloyShopifySlack.Cmdlets.Sync;

/// <summary>
/// Invoke-OrderSync: the scheduled job. Reads new Shopify orders, alerts the high-value ones in Slack exactly
/// once (the ledger under -StatePath remembers), and writes one OrderSyncResult per run.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "OrderSync", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(ResultTypeName, PlanTypeName)]
public sealed partial class InvokeOrderSyncCommand : AlloyCmdlet
{
    public const string ResultTypeName = "AlloyShopifySlack.OrderSyncResult";
    public const string PlanTypeName = "AlloyShopifySlack.OrderSyncPlanItem";

    /// <summary>An Alloy connection piped in (Connect-Alloy -NoSession): one run per tenant, as with -Connection.</summary>
    [Parameter(ValueFromPipeline = true)]
    public AlloyConnection? InputObject { get; set; }

    /// <summary>Orders at or above this total (shop currency) are alerted. Default: ORDER_VALUE_THRESHOLD, else 500.</summary>
    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    [AmountArgument]
    public decimal? MinimumTotal { get; set; }

    /// <summary>The default Slack channel id (orders no -Route claims). Default: SLACK_CHANNEL_ID.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.SlackChannelCompleter))]
    public string? Channel { get; set; }

    /// <summary>Re-examine orders created since this time (a backfill); the sync state still prevents repeats.</summary>
    [Parameter]
    public DateTimeOffset? Since { get; set; }

    /// <summary>Routing rules from New-OrderRoute: the matching rule with the highest -MinimumTotal picks the channel.</summary>
    [Parameter]
    [ValidateNotNull]
    public OrderRoute[]? Route { get; set; }

    /// <summary>The folder of the sync state (one ledger per tenant and shop). Default: the user's local application data.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? StatePath { get; set; }

    /// <summary>Keep polling every -IntervalSeconds until Ctrl+C (or -MaxIterations rounds).</summary>
    [Parameter]
    public SwitchParameter Continuous { get; set; }

    /// <summary>Seconds between rounds with -Continuous. Default: CHECK_INTERVAL_SECONDS, else 300.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int? IntervalSeconds { get; set; }

    /// <summary>Stop after this many rounds (implies -Continuous); for scripts and tests.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? MaxIterations { get; set; }

    /// <summary>Do not show the step-by-step sections; only the result object is written.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>Alert test orders too.</summary>
    [Parameter]
    public SwitchParameter IncludeTest { get; set; }

    /// <summary>Alert cancelled orders too.</summary>
    [Parameter]
    public SwitchParameter IncludeCancelled { get; set; }

    /// <summary>More alerts than this for one channel in one run are posted as one digest message. Default 10.</summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int DigestThreshold { get; set; } = 10;

    /// <summary>Never post digests: one message per order, however many.</summary>
    [Parameter]
    public SwitchParameter NoDigest { get; set; }

    /// <summary>Append JSON lines to this file: one per alert and one per run (no secrets, no customer data).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogPath { get; set; }

    /// <summary>Add these tags to each alerted order in Shopify (once per order).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TagOrders { get; set; }

    /// <summary>Append a row per alerted order to Google Sheets (GOOGLE_SHEETS_CREDENTIAL_ID, -SpreadsheetId).</summary>
    [Parameter]
    public SwitchParameter LogToGoogleSheet { get; set; }

    /// <summary>The spreadsheet for -LogToGoogleSheet. Default: GOOGLE_SHEETS_SPREADSHEET_ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SpreadsheetId { get; set; }

    /// <summary>Add an "Acknowledge" button to each alert (see Start-SlackInteractionListener).</summary>
    [Parameter]
    public SwitchParameter WithAcknowledgeButton { get; set; }

    /// <summary>The Shopify credential. Default: SHOPIFY_CREDENTIAL_ID.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? ShopifyCredentialId { get; set; }

    /// <summary>The Slack credential. Default: SLACK_CREDENTIAL_ID.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? SlackCredentialId { get; set; }

    /// <summary>How long to wait for another run of the same tenant and shop to finish. Default 30.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int LockTimeoutSeconds { get; set; } = 30;

    /// <summary>At most this many messages per second per channel. Default: as fast as Slack accepts (its limit is learned).</summary>
    [Parameter]
    [ValidateRange(0.01, 1000.0)]
    public double? ChannelRate { get; set; }

    /// <summary>Minutes re-read before the checkpoint on each run (late orders, clock skew). Default 15.</summary>
    [Parameter]
    [ValidateRange(0, 10080)]
    public int OverlapMinutes { get; set; } = 15;

    private readonly List<OrderSyncJob> _continuous = new List<OrderSyncJob>();
    private int _intervalSeconds = 300;

    private bool IsContinuous => Continuous.IsPresent || MaxIterations.HasValue;

    /// <summary>A run that cannot do its job ends the script: scheduled jobs must fail loudly (see
    /// about_AlloyShopifySlack_Scheduling).</summary>
    protected override bool FailuresEndTheScript => true;

    protected override void ProcessRecord()
    {
        if (InputObject != null) Connection = InputObject; // each piped connection is its own tenant
        var job = TryBuildJob();
        if (job == null) return;
        if (IsContinuous && !job.Options.WhatIf) _continuous.Add(job);
        else _pending.Add(job); // run in EndProcessing: several tenants go side by side (-ThrottleLimit)
    }

    protected override void EndProcessing()
    {
        try
        {
            if (_pending.Count == 1) RunOnce(_pending[0], RunMode.Once);
            else if (_pending.Count > 1) RunTenants(_pending, continuous: false);
            if (_continuous.Count > 0) RunContinuously();
            WritePreview();
            EndWithFailures();
        }
        finally
        {
            DisposeStore();
            base.EndProcessing();
        }
    }

    protected override void WriteInformationMessage(string message)
    {
        if (Quiet) return;
        if (_heldBack != null) { _heldBack.Add(message); return; }
        // Tagged like Write-Host: shown in a console, kept out of the output, silenced by -InformationAction Ignore.
        var record = new InformationRecord(new HostInformationMessage { Message = message }, MyInvocation.MyCommand.Name);
        record.Tags.Add("PSHOST");
        WriteInformation(record);
    }
}
