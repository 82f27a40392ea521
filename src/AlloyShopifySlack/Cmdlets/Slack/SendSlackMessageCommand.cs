using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Cmdlets.Slack;

/// <summary>
/// Send-SlackMessage: posts text (and blocks), or message objects from ConvertTo-SlackOrderMessage, paced like
/// alerts. The text is the user's own mrkdwn and is sent as written (mentions and links work).
/// </summary>
[Cmdlet(VerbsCommunications.Send, "SlackMessage", SupportsShouldProcess = true, DefaultParameterSetName = ByText)]
[OutputType(typeof(SlackPostResult))]
public sealed class SendSlackMessageCommand : AlloyCmdlet
{
    private const string ByText = "Text";
    private const string ByMessage = "Message";

    /// <summary>The channel id (C0123456789). Default SLACK_CHANNEL_ID.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.SlackChannelCompleter))]
    public string? Channel { get; set; }

    /// <summary>The message text (mrkdwn); with -Blocks it is the notification fallback.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByText)]
    [ValidateNotNullOrEmpty]
    public string? Text { get; set; }

    /// <summary>Block Kit blocks: hashtables, an array of them, or a JSON string. Cut to Block Kit's limits.</summary>
    [Parameter(ParameterSetName = ByText)]
    [ValidateNotNull]
    public object? Blocks { get; set; }

    /// <summary>A message object (ConvertTo-SlackOrderMessage).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByMessage)]
    [ValidateNotNull]
    public SlackMessage? Message { get; set; }

    /// <summary>The Slack credential. Default SLACK_CREDENTIAL_ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CredentialId { get; set; }

    /// <summary>At most this many messages per second per channel. Default: as fast as Slack accepts (its limit is learned).</summary>
    [Parameter]
    [ValidateRange(0.01, 1000)]
    public double? ChannelRate { get; set; }

    /// <summary>At most this many messages at once to a channel that has been quiet. Default: as many as Slack accepts.</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int? ChannelBurst { get; set; }

    private PipelineDispatch? _dispatch;

    protected override void ProcessRecord()
    {
        var channel = RequireSetting(Channel, SettingNames.SlackChannelId, nameof(Channel));
        _dispatch?.Drain();
        SlackMessage message;
        try
        {
            message = ParameterSetName == ByMessage ? Message! : FromText();
        }
        catch (ArgumentException ex)
        {
            WriteError(ErrorRecords.Argument(ex, "SlackBlocksInvalid", Blocks,
                "Fix the blocks the message names (ConvertTo-SlackOrderMessage shows valid ones; Slack's Block Kit Builder explains " +
                "each block)."));
            return;
        }
        if (!ShouldProcess($"Post to {channel}: {message.Text}", $"Post this message to {channel}?", "Send-SlackMessage")) return;
        Dispatcher().Enqueue(new AlertItem(channel, message, state: message));
    }

    protected override void EndProcessing()
    {
        _dispatch?.Complete();
        base.EndProcessing();
    }

    private SlackMessage FromText()
    {
        var message = new SlackMessage(Text!);
        if (Blocks == null) return message;
        var blocks = PowerShellJson.ToBlocks(Blocks);
        foreach (var change in Adjust(blocks)) WriteWarning(change);
        var problems = BlockKitLimits.Validate(blocks);
        if (problems.Count > 0) throw new ArgumentException("The blocks are not valid Block Kit: " + string.Join(" ", problems));
        message.Blocks = blocks;
        return message;
    }

    private static string[] Adjust(JsonArray blocks)
    {
        var changes = new System.Collections.Generic.List<string>();
        BlockKitLimits.Enforce(blocks, changes);
        return changes.ToArray();
    }

    private PipelineDispatch Dispatcher()
    {
        return _dispatch ??= SlackDispatch(CredentialId, ChannelRate, ChannelBurst, Emit);
    }

    private void Emit(AlertOutcome outcome)
    {
        if (outcome.Exception != null) WriteError(ErrorRecords.From(outcome.Exception, outcome.Channel));
        else WriteObject(SlackOutput.Typed(outcome.Posted!, SlackOutput.PostResultType));
    }
}
