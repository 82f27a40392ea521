namespace AlloyShopifySlack.Slack.Interactions;

public enum InteractionStatus
{
    /// <summary>The message now says who acknowledged the order (and the row and tag were written when asked for).</summary>
    Acknowledged,
    /// <summary>The message or the order was claimed before: nothing was changed or logged again (<see cref="SlackInteraction.ClaimedBy"/>
    /// says who has it).</summary>
    AlreadyAcknowledged,
    /// <summary>An interaction this listener does not handle (another action, a shortcut, a modal ...).</summary>
    Ignored,
    /// <summary>A step failed; Error says which and what was done before it.</summary>
    Failed,
}

/// <summary>
/// One handled Slack interaction, as Start-SlackInteractionListener writes it to the pipeline.
/// Type name AlloyShopifySlack.SlackInteraction.
/// </summary>
public sealed class SlackInteraction
{
    public const string TypeName = "AlloyShopifySlack.SlackInteraction";

    /// <summary>The action_id that was clicked (or the payload type when there was no action).</summary>
    public string Action { get; set; } = string.Empty;
    public string? OrderName { get; set; }
    public string? OrderId { get; set; }
    /// <summary>The Slack user id of whoever clicked.</summary>
    public string? User { get; set; }
    public string? UserName { get; set; }
    public string? Channel { get; set; }
    public string? Ts { get; set; }
    public InteractionStatus Status { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>The original message was updated through chat_update.</summary>
    public bool MessageUpdated { get; set; }
    /// <summary>A row was appended to the Google Sheets order log.</summary>
    public bool SheetRowAdded { get; set; }
    /// <summary>The order was tagged in Shopify.</summary>
    public bool Tagged { get; set; }
    /// <summary>Who has the alert: the clicker once claimed, or whoever claimed it first when someone else clicks.</summary>
    public string? ClaimedBy { get; set; }
    /// <summary>Someone else clicked a claimed alert and was told (only they saw it) who has it.</summary>
    public bool ToldWhoHasIt { get; set; }

    public override string ToString() => $"{Action} {OrderName} by {UserName ?? User}: {Status}";
}
