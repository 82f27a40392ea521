namespace AlloyShopifySlack.Slack;

public enum AlertStatus { Sent, Duplicate, Failed, Pending }

/// <summary>
/// What became of one alert (or message): from Send-SlackOrderAlert and Send-SlackMessage (through the
/// dispatcher) and from a sync run (a -LogPath line, and the run's per-order errors).
/// </summary>
public sealed class AlertOutcome
{
    public string OrderId { get; init; } = string.Empty;
    public string OrderName { get; init; } = string.Empty;
    public decimal Total { get; init; }
    public string Currency { get; init; } = string.Empty;
    public string Channel { get; init; } = string.Empty;
    public AlertStatus Status { get; init; }
    public string? Ts { get; init; }
    public string? DigestId { get; init; }
    /// <summary>How it was settled: posted, found (already in the channel), or the failure.</summary>
    public string Detail { get; init; } = string.Empty;
    /// <summary>The failure as one readable sentence (with Slack's code and remedy when Slack refused).</summary>
    public string? Error { get; init; }
    public string? ErrorId { get; init; }
    /// <summary>The failure as raised: a SlackApiException, an AlloyAmbiguousResultException (look before posting again) ...</summary>
    public Exception? Exception { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset At { get; init; }

    /// <summary>The item that was sent (the dispatcher's outcomes); null for a sync run's.</summary>
    public AlertItem? Item { get; init; }
    /// <summary>Where the message landed, when Slack took it.</summary>
    public SlackPostResult? Posted { get; init; }

    public bool Succeeded => Status == AlertStatus.Sent || Status == AlertStatus.Duplicate;

    /// <summary>The pipeline object of Send-SlackOrderAlert (Sent or Failed).</summary>
    public SlackAlertResult ToAlertResult() => new SlackAlertResult
    {
        OrderId = OrderId,
        OrderName = OrderName,
        Total = Total,
        Currency = Currency,
        Channel = Channel,
        Ts = Ts,
        Status = Succeeded ? SlackAlertStatus.Sent : SlackAlertStatus.Failed,
        Error = Error,
    };

    /// <summary>An item's outcome: sent (<paramref name="posted"/>) or failed (<paramref name="error"/>).</summary>
    internal static AlertOutcome ForItem(AlertItem item, SlackPostResult? posted, Exception? error, DateTimeOffset at)
    {
        var order = item.Order;
        return new AlertOutcome
        {
            OrderId = order?.Id ?? item.Message.OrderId ?? string.Empty,
            OrderName = order?.Name ?? item.Message.OrderName ?? string.Empty,
            Total = order?.Total ?? 0m,
            Currency = order?.Currency ?? string.Empty,
            Channel = posted?.Channel ?? item.Channel,
            Status = error == null ? AlertStatus.Sent : AlertStatus.Failed,
            Ts = posted?.Ts,
            Detail = error == null ? "posted" : "not posted",
            Error = error?.Message,
            ErrorId = (error as Alloy.AlloyException)?.ErrorId,
            Exception = error,
            Attempts = (error as Alloy.AlloyException)?.Attempts ?? 1,
            At = at,
            Item = item,
            Posted = posted,
        };
    }
}
