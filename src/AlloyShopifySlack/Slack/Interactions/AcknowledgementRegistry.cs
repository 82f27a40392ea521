using System;
using System.Collections.Generic;

namespace AlloyShopifySlack.Slack.Interactions
{
    /// <summary>
    /// What this listener has acknowledged during its life, so that a second click (or two clicks racing) neither
    /// updates a message twice nor logs an order twice. Messages are keyed by channel + ts, orders by id.
    /// </summary>
    public sealed class AcknowledgementRegistry
    {
        private readonly object _gate = new object();
        private readonly HashSet<string> _messages = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _orders = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Claims a message for acknowledgement; false if another click already has it.</summary>
        public bool TryClaimMessage(string channel, string ts)
        {
            lock (_gate) return _messages.Add(MessageKey(channel, ts));
        }

        /// <summary>Gives a message back after its update failed, so that a later click can try again.</summary>
        public void ReleaseMessage(string channel, string ts)
        {
            lock (_gate) _messages.Remove(MessageKey(channel, ts));
        }

        /// <summary>Claims an order for the side effects that must happen once (the sheet row, the tag).</summary>
        public bool TryClaimOrder(string orderId)
        {
            lock (_gate) return _orders.Add(orderId);
        }

        public void ReleaseOrder(string orderId)
        {
            lock (_gate) _orders.Remove(orderId);
        }

        private static string MessageKey(string channel, string ts) => channel + "\n" + ts;
    }
}
