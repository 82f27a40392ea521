using System.Management.Automation;
using AlloyShopifySlack.Cmdlets.Slack;
using AlloyShopifySlack.Slack.Preview;
using AlloyShopifySlack.Sync;

namespace AlloyShopifySlack.Cmdlets.Sync;

/// <summary>-Preview: the messages a -WhatIf run would post, on the same page Show-SlackOrderMessage writes.</summary>
public sealed partial class InvokeOrderSyncCommand
{
    /// <summary>Plan the run as -WhatIf does (nothing is posted or recorded) and show the messages it would post in the browser.</summary>
    [Parameter]
    public SwitchParameter Preview { get; set; }

    /// <summary>Where -Preview writes its page (a file, or a folder for slack-preview.html). Default: a new file in the temp
    /// folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PreviewPath { get; set; }

    /// <summary>With -Preview: only write the page; do not open a browser.</summary>
    [Parameter]
    public SwitchParameter NoBrowser { get; set; }

    private readonly List<PreviewCard> _previewCards = new List<PreviewCard>();
    private readonly List<string> _previewTenants = new List<string>();

    /// <summary>Keeps the messages one tenant's plan would post; one page covers every tenant of the call.</summary>
    private void CollectPreview(OrderSyncJob job, OrderSyncRun run)
    {
        if (!Preview) return;
        _previewTenants.Add(job.Target.Tenant);
        foreach (var planned in run.ComposePlannedMessages())
        {
            var caption = Caption(planned, run.Result.Tenant);
            _previewCards.Add(planned.Message != null ? new PreviewCard(planned.Message, caption)
                : PreviewCard.Failed(caption, planned.Problem ?? "unknown"));
        }
    }

    private void WritePreview()
    {
        if (!Preview || _previewTenants.Count == 0) return;
        var subtitle = "What Invoke-OrderSync would post for " + string.Join(", ", _previewTenants.Distinct());
        var page = PreviewOutput.Write(this, _previewCards, PreviewPath, NoBrowser, subtitle);
        var record = new InformationRecord(new HostInformationMessage { Message =
            "Preview of the messages this run would post: " + page.FullName }, MyInvocation.MyCommand.Name);
        record.Tags.Add("PSHOST");
        WriteInformation(record);
    }

    private string Caption(PlannedMessage planned, string tenant)
    {
        var what = planned.IsDigest ? $"Digest of {planned.OrderNames.Count} orders" : "Order " + planned.OrderNames.FirstOrDefault();
        var why = string.Join(", ", planned.Actions.Select(a => a.ToString().ToLowerInvariant()));
        var caption = $"{what} → {planned.Channel} ({why})";
        if (planned.PostedOnlyIfMissing) caption += " · posted only if an earlier post is not found in the channel";
        return InputObject != null ? $"{tenant}: {caption}" : caption; // piped connections: several tenants on one page
    }
}
