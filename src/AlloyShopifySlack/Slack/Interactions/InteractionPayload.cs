namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>
/// One interaction request from Slack (a form post whose payload field is JSON), reduced to what the handlers
/// need. For block_actions on a
/// message: who clicked, which message (channel + ts), the message as Slack holds it, and the actions.
/// </summary>
public sealed class InteractionPayload
{
    public const string BlockActionsType = "block_actions";

    /// <summary>block_actions, view_submission, shortcut ...</summary>
    public string Type { get; set; } = string.Empty;
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public string? TeamId { get; set; }
    /// <summary>The channel of the message the action was on (container.channel_id, else channel.id).</summary>
    public string? ChannelId { get; set; }
    /// <summary>The ts of the message the action was on (container.message_ts, else message.ts).</summary>
    public string? MessageTs { get; set; }
    /// <summary>The message as Slack sent it back: text, blocks, and metadata when it has any.</summary>
    public JsonObject? Message { get; set; }
    public IReadOnlyList<InteractionAction> Actions { get; set; } = Array.Empty<InteractionAction>();

    public bool IsBlockActions => string.Equals(Type, BlockActionsType, StringComparison.Ordinal);
}

/// <summary>One element of <c>actions[]</c>: a button click, for instance.</summary>
public sealed class InteractionAction
{
    public string ActionId { get; set; } = string.Empty;
    public string? BlockId { get; set; }
    public string? Type { get; set; }
    public string? Value { get; set; }
    public string? ActionTs { get; set; }
}

/// <summary>The request body is not a Slack interaction payload (not a form, no payload field, not JSON).</summary>
public sealed class InteractionPayloadException : Exception
{
    public InteractionPayloadException(string message, Exception? inner = null) : base(message, inner) { }
}
