using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>
/// Handles a click on an alert's Claim button: updates the message (button → "✅ Claimed by ... at ..."), then,
/// when configured, logs the order to Google Sheets and tags it in Shopify — each once per order, however many
/// times and wherever it is clicked. Someone else clicking an alert already claimed is told, in a message only
/// they see, who has it. The slow part of the listener: it runs after Slack has had its 200.
/// </summary>
public sealed class AcknowledgeHandler : IInteractionHandler
{
    private readonly ISlackMessageUpdater _updater;
    private readonly IOrderLog? _orderLog;
    private readonly IOrderTagger? _tagger;
    private readonly IReadOnlyList<string> _tags;
    private readonly AcknowledgementRegistry _registry;
    private readonly IClock _clock;

    public AcknowledgeHandler(ISlackMessageUpdater updater, IOrderLog? orderLog = null, IOrderTagger? tagger = null,
        IReadOnlyList<string>? tags = null, AcknowledgementRegistry? registry = null, IClock? clock = null)
    {
        _updater = updater ?? throw new ArgumentNullException(nameof(updater));
        _orderLog = orderLog;
        _tags = (tags ?? Array.Empty<string>()).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        _tagger = _tags.Count > 0 ? tagger : null;
        _registry = registry ?? new AcknowledgementRegistry();
        _clock = clock ?? SystemClock.Instance;
    }

    public async Task<SlackInteraction> HandleAsync(InteractionPayload payload, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var click = payload.IsBlockActions ? payload.Actions.FirstOrDefault(
            a => a.ActionId == AcknowledgementMessage.AcknowledgeActionId) : null;
        var result = new SlackInteraction
        {
            Action = click?.ActionId ?? payload.Actions.FirstOrDefault()?.ActionId ?? payload.Type,
            User = payload.UserId,
            UserName = payload.UserName,
            Channel = payload.ChannelId,
            Ts = payload.MessageTs,
            ReceivedAt = receivedAt,
            Status = InteractionStatus.Ignored,
        };
        if (click == null) return Complete(result);

        var order = OrderReference.From(click.Value, payload.Message);
        result.OrderName = order.Name;
        result.OrderId = order.Id;
        if (string.IsNullOrEmpty(payload.ChannelId) || string.IsNullOrEmpty(payload.MessageTs) || string.IsNullOrEmpty(payload.UserId))
            return Fail(result, "The click names no channel, message ts or user, so there is no message to update.");

        if (AcknowledgementMessage.IsAcknowledged(payload.Message) || !_registry.TryClaimMessage(payload.ChannelId!, payload.MessageTs!,
            payload.UserId!))
        {
            result.Status = InteractionStatus.AlreadyAcknowledged;
            result.ClaimedBy = ClaimState.ClaimedBy(payload.Message) ?? _registry.ClaimantOf(payload.ChannelId!, payload.MessageTs!);
            await TellWhoHasItAsync(result, order, payload, ct).ConfigureAwait(false);
            return Complete(result);
        }
        result.ClaimedBy = payload.UserId;

        var at = _clock.UtcNow;
        try
        {
            var updated = AcknowledgementMessage.Build(payload.Message, payload.UserId!, payload.UserName, at);
            await _updater.UpdateMessageAsync(payload.ChannelId!, payload.MessageTs!, updated, ct).ConfigureAwait(false);
            result.MessageUpdated = true;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            _registry.ReleaseMessage(payload.ChannelId!, payload.MessageTs!);
            return Fail(result, "The message could not be updated: " + ex.Message);
        }

        var errors = new List<string>();
        var firstForOrder = string.IsNullOrEmpty(order.Id) || _registry.TryClaimOrder(order.Id!);
        if (!firstForOrder)
            OperationContext.Log.Write(LogLevel.Verbose, $"Order {order.Name} was acknowledged before (another message): not logged or " +
                "tagged again.");
        else
        {
            await LogAsync(order, payload, at, result, errors, ct).ConfigureAwait(false);
            await TagAsync(order, result, errors, ct).ConfigureAwait(false);
        }

        if (errors.Count > 0) return Fail(result, "The message was updated, but " + string.Join("; ", errors));
        result.Status = InteractionStatus.Acknowledged;
        return Complete(result);
    }

    private async Task LogAsync(OrderReference order, InteractionPayload payload, DateTimeOffset at, SlackInteraction result,
        List<string> errors, CancellationToken ct)
    {
        if (_orderLog == null) return;
        var row = new OrderLogRow
        {
            OrderName = order.Name ?? order.Id ?? string.Empty,
            OrderId = order.Id,
            Total = order.Total,
            Currency = order.Currency,
            CustomerName = order.CustomerName,
            AcknowledgedBy = payload.UserName ?? payload.UserId,
            Time = at,
        };
        try
        {
            await _orderLog.AppendAsync(row, ct).ConfigureAwait(false);
            result.SheetRowAdded = true;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            // After an ambiguous failure the row may exist: keep the claim rather than risk a second row.
            if (!(ex is AlloyAmbiguousResultException) && !string.IsNullOrEmpty(order.Id)) _registry.ReleaseOrder(order.Id!);
            errors.Add("the order log row was not written: " + ex.Message);
        }
    }

    private async Task TagAsync(OrderReference order, SlackInteraction result, List<string> errors, CancellationToken ct)
    {
        if (_tagger == null) return;
        if (string.IsNullOrEmpty(order.Id))
        {
            errors.Add("the order could not be tagged: the message does not carry its id");
            return;
        }
        try
        {
            await _tagger.AddTagsAsync(order.Id!, _tags, ct).ConfigureAwait(false);
            result.Tagged = true;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            errors.Add("the order was not tagged: " + ex.Message);
        }
    }

    /// <summary>A second person's click: they alone are told who has the alert (a failure to tell them is only logged).</summary>
    private async Task TellWhoHasItAsync(SlackInteraction result, OrderReference order, InteractionPayload payload, CancellationToken ct)
    {
        if (!(_updater is ISlackNotifier notifier) || result.ClaimedBy == null || result.ClaimedBy == payload.UserId) return;
        try
        {
            await notifier.NotifyAsync(payload.ChannelId!, payload.UserId!, AcknowledgementMessage.ClaimedAlreadyText(order.Name,
                result.ClaimedBy), ct).ConfigureAwait(false);
            result.ToldWhoHasIt = true;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            OperationContext.Log.Write(LogLevel.Verbose, $"Could not tell {payload.UserId} that {order.Name} is claimed " +
                $"by {result.ClaimedBy}: {ex.Message}");
        }
    }

    private SlackInteraction Fail(SlackInteraction result, string error)
    {
        result.Status = InteractionStatus.Failed;
        result.Error = error;
        return Complete(result);
    }

    private SlackInteraction Complete(SlackInteraction result)
    {
        result.CompletedAt = _clock.UtcNow;
        return result;
    }
}
