using AlloyShopifySlack.Sync.Planning;

namespace AlloyShopifySlack.Sync.Delivery;

/// <summary>
/// -WhatIf -Preview: the messages the run would post, channel by channel, in the order and grouping delivery
/// uses (the same units, so digests appear as digests). Composed only when asked: a plain -WhatIf builds none.
/// </summary>
internal static class MessagePreview
{
    public static IReadOnlyList<PlannedMessage> Compose(SyncPlan plan, OrderSyncOptions options, IAlertComposer composer)
    {
        var planned = new List<PlannedMessage>();
        foreach (var channel in plan.Work.Where(w => w.Order != null).GroupBy(w => w.Channel, StringComparer.Ordinal))
        {
            foreach (var unit in ChannelDelivery.Units(channel.OrderBy(w => w.CreatedAt).ToList(), options, composer))
            {
                var names = unit.Items.Select(i => i.OrderName).ToList();
                var actions = unit.Items.Select(i => i.Action).Distinct().ToList();
                var lookFirst = unit.Items.Any(i => i.NeedsLookup);
                try
                {
                    planned.Add(new PlannedMessage(channel.Key, unit.Compose(composer), null, names, actions,
                        unit.DigestId != null, lookFirst));
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    planned.Add(new PlannedMessage(channel.Key, null, "the message could not be built: " + ex.Message, names, actions,
                        unit.DigestId != null, lookFirst));
                }
            }
        }
        return planned;
    }
}
