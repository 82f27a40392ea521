using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Sync;

/// <summary>A message a -WhatIf run would post (or, with Problem set, could not build).</summary>
public sealed class PlannedMessage
{
    public PlannedMessage(string channel, SlackMessage? message, string? problem, IReadOnlyList<string> orderNames,
        IReadOnlyList<OrderSyncAction> actions, bool isDigest, bool postedOnlyIfMissing)
    {
        Channel = channel;
        Message = message;
        Problem = problem;
        OrderNames = orderNames;
        Actions = actions;
        IsDigest = isDigest;
        PostedOnlyIfMissing = postedOnlyIfMissing;
    }

    public string Channel { get; }
    public SlackMessage? Message { get; }
    public string? Problem { get; }
    public IReadOnlyList<string> OrderNames { get; }
    /// <summary>Send, Retry or Reconcile: why the run would post it.</summary>
    public IReadOnlyList<OrderSyncAction> Actions { get; }
    public bool IsDigest { get; }
    /// <summary>An earlier post may have landed: the run looks in the channel first and posts only if it is not there.</summary>
    public bool PostedOnlyIfMissing { get; }
}
