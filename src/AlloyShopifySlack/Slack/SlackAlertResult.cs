namespace AlloyShopifySlack.Slack;

public enum SlackAlertStatus { Sent, Skipped, WhatIf, Failed }

/// <summary>What happened to one order's alert. Type name AlloyShopifySlack.SlackAlertResult.</summary>
public sealed class SlackAlertResult
{
    public string OrderId { get; set; } = string.Empty;
    public string OrderName { get; set; } = string.Empty;
    public decimal Total { get; set; }
    public string Currency { get; set; } = string.Empty;
    public string Channel { get; set; } = string.Empty;
    /// <summary>The posted message's timestamp (its id within the channel).</summary>
    public string? Ts { get; set; }
    public SlackAlertStatus Status { get; set; }
    public string? Error { get; set; }
    public override string ToString() => $"{OrderName} → {Channel}: {Status}";
}
