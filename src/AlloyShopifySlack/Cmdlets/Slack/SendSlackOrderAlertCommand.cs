using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Cmdlets.Slack;

/// <summary>
/// Send-SlackOrderAlert: one alert per piped order. Messages are built here (a template scriptblock runs on the
/// pipeline thread), then sent off it: channels concurrently, in order within a channel, paced to Slack's rate.
/// Results stream back as they come; a refused order is an error of its own while the rest go on.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "SlackOrderAlert", SupportsShouldProcess = true, DefaultParameterSetName = ByOrder)]
[OutputType(typeof(SlackAlertResult))]
public sealed partial class SendSlackOrderAlertCommand : SlackOrderCmdlet, IDisposable
{
    /// <summary>The channel id (C0123456789). Default SLACK_CHANNEL_ID. Taken from a piped object's Channel property too.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.SlackChannelCompleter))]
    public string? Channel { get; set; }

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

    private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
    private PipelineDispatch? _dispatch;

    protected override void ProcessRecord()
    {
        var order = CurrentOrder();
        var channel = RequireSetting(Channel, SettingNames.SlackChannelId, nameof(Channel));
        _dispatch?.Drain();
        if (!_seen.Add(channel + "\n" + order.Id))
        {
            WriteVerbose($"Order {order.Name} was already alerted to {channel} by this command; skipped.");
            WriteObject(SlackOutput.Typed(Result(order, channel, SlackAlertStatus.Skipped, "Already sent by this command."),
                SlackOutput.AlertResultType));
            return;
        }

        var state = State(WhatIfRequested());
        if (state != null && !Force && state.AlreadyAlerted(order) is string known)
        {
            WriteVerbose($"Order {order.Name}: {known}; skipped (-Force sends it again).");
            WriteObject(SlackOutput.Typed(Result(order, channel, SlackAlertStatus.Skipped, $"In the sync state " +
                $"({state.Location}): {known}. -Force sends it again."),
                SlackOutput.AlertResultType));
            return;
        }

        SlackMessage message;
        try
        {
            message = BuildMessage(order);
        }
        catch (SlackTemplateException ex)
        {
            WriteError(ErrorRecords.From(ex, order));
            WriteObject(SlackOutput.Typed(Result(order, channel, SlackAlertStatus.Failed, ex.Message), SlackOutput.AlertResultType));
            return;
        }

        if (!ShouldProcess($"Post to {channel}: {message.Text}", $"Post the alert for order {order.Name} to {channel}?",
            "Send-SlackOrderAlert"))
        {
            WriteObject(SlackOutput.Typed(Result(order, channel, SlackAlertStatus.WhatIf, null), SlackOutput.AlertResultType));
            return;
        }
        var dispatch = Dispatcher();
        state?.RecordIntent(order, channel); // on disk before the post: a crash leaves it pending, for the job to look for
        dispatch.Enqueue(new AlertItem(channel, message, order));
    }

    protected override void EndProcessing()
    {
        try
        {
            _dispatch?.Complete();
        }
        finally
        {
            CloseState();
        }
        base.EndProcessing();
    }

    /// <summary>After a stop or a terminating error too: the state's lock is let go (unsettled intents stay pending).</summary>
    public void Dispose() => CloseState();

    private PipelineDispatch Dispatcher()
    {
        return _dispatch ??= SlackDispatch(CredentialId, ChannelRate, ChannelBurst, Emit);
    }

    /// <summary>On the pipeline thread: the result, and for a failure an error with Slack's code and remedy.</summary>
    private void Emit(AlertOutcome outcome)
    {
        _recorder?.Settle(outcome);
        if (outcome.Exception != null) WriteError(ErrorRecords.From(outcome.Exception, outcome.Item?.Order));
        WriteObject(SlackOutput.Typed(outcome.ToAlertResult(), SlackOutput.AlertResultType));
    }

    private static SlackAlertResult Result(ShopifyOrder order, string channel, SlackAlertStatus status, string? error) =>
        new SlackAlertResult
    {
        OrderId = order.Id,
        OrderName = order.Name,
        Total = order.Total,
        Currency = order.Currency,
        Channel = channel,
        Status = status,
        Error = error,
    };
}
