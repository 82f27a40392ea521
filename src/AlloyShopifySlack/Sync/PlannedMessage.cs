using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Sync;

/// <summary>A message a -WhatIf run would post (or, with Problem set, could not build).</summary>
/// <param name="Actions">Send, Retry or Reconcile: why the run would post it.</param>
/// <param name="PostedOnlyIfMissing">An earlier post may have landed: the run looks in the channel first and posts only if it is not
/// there.</param>
public sealed record PlannedMessage(string Channel, SlackMessage? Message, string? Problem, IReadOnlyList<string> OrderNames,
    IReadOnlyList<OrderSyncAction> Actions, bool IsDigest, bool PostedOnlyIfMissing);
