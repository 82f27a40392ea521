using System.Management.Automation;

namespace AlloyShopifySlack.Cmdlets.Sync;

public sealed partial class InvokeOrderSyncCommand
{
    /// <summary>Follow alerts this many days after they were posted (cancels, refunds, edits, fulfilment); 0 turns follow-ups off. Default
    /// 7.</summary>
    [Parameter]
    [ValidateRange(0, 60)]
    public int FollowUpDays { get; set; } = 7;

    /// <summary>Escalate an alert nobody claimed this many minutes after it was posted (once, to -EscalateTo).</summary>
    [Parameter]
    [ValidateRange(1, 10080)]
    public int? EscalateAfterMinutes { get; set; }

    /// <summary>Who an escalation goes to: a user (U…, mentioned in the alert's thread), a user group (S…), or a channel (C…: a post there
    /// links the alert).</summary>
    [Parameter]
    [ValidatePattern("^[UWSCG][A-Z0-9]{2,}$")]
    public string? EscalateTo { get; set; }

    /// <summary>The follow-up settings, or a problem for the "cannot run" error.</summary>
    private (TimeSpan Window, TimeSpan? EscalateAfter) FollowUpSettings(List<string> problems)
    {
        if (EscalateAfterMinutes.HasValue && string.IsNullOrEmpty(EscalateTo))
            problems.Add("the escalation target (-EscalateTo U…, S… or C…) for -EscalateAfterMinutes");
        if (!EscalateAfterMinutes.HasValue && !string.IsNullOrEmpty(EscalateTo))
            problems.Add("the escalation delay (-EscalateAfterMinutes) for -EscalateTo");
        if (EscalateAfterMinutes.HasValue && FollowUpDays == 0)
            problems.Add("follow-ups (-FollowUpDays above 0) for -EscalateAfterMinutes: escalations are part of following an alert");
        return (TimeSpan.FromDays(FollowUpDays), EscalateAfterMinutes.HasValue ? TimeSpan.FromMinutes(EscalateAfterMinutes.Value)
            : (TimeSpan?)null);
    }
}
