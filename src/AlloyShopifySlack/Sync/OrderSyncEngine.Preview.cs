using System;
using System.Collections.Generic;
using System.Linq;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Sync
{
    public sealed partial class OrderSyncEngine
    {
        /// <summary>The message a delivery unit posts: an alert or a digest, stamped with the key that finds it again.</summary>
        private SlackMessage Compose(DeliveryUnit unit) => unit.Key.Stamp(unit.DigestId != null
            ? _deps.Composer.ComposeDigest(unit.Items.Select(i => i.Order!).ToList(), unit.DigestId)
            : _deps.Composer.ComposeAlert(unit.Items[0].Order!));

        /// <summary>
        /// -WhatIf -Preview: the messages the run would post, channel by channel, in the order and grouping delivery
        /// uses (the same units, so digests appear as digests). Composed only when asked: a plain -WhatIf builds none.
        /// </summary>
        private IReadOnlyList<PlannedMessage> PlanMessages(SyncPlan plan)
        {
            var planned = new List<PlannedMessage>();
            foreach (var channel in plan.Work.Where(w => w.Order != null).GroupBy(w => w.Channel, StringComparer.Ordinal))
            {
                foreach (var unit in Units(channel.OrderBy(w => w.CreatedAt).ToList()))
                {
                    var names = unit.Items.Select(i => i.OrderName).ToList();
                    var actions = unit.Items.Select(i => i.Action).Distinct().ToList();
                    var lookFirst = unit.Items.Any(i => i.NeedsLookup);
                    try
                    {
                        planned.Add(new PlannedMessage(channel.Key, Compose(unit), null, names, actions, unit.DigestId != null, lookFirst));
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException))
                    {
                        planned.Add(new PlannedMessage(channel.Key, null, "the message could not be built: " + ex.Message, names, actions, unit.DigestId != null, lookFirst));
                    }
                }
            }
            return planned;
        }
    }

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
}
