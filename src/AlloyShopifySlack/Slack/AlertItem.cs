using System;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Slack
{
    /// <summary>One message to send to one channel; <see cref="Order"/> when it is an order alert (for the result), <see cref="State"/> for the caller.</summary>
    public sealed class AlertItem
    {
        public AlertItem(string channel, SlackMessage message, ShopifyOrder? order = null, object? state = null)
        {
            if (string.IsNullOrWhiteSpace(channel)) throw new ArgumentException("The channel is required.", nameof(channel));
            Channel = channel;
            Message = message ?? throw new ArgumentNullException(nameof(message));
            Order = order;
            State = state;
        }

        public string Channel { get; }
        public SlackMessage Message { get; }
        public ShopifyOrder? Order { get; }
        public object? State { get; }
    }

    /// <summary>What became of one item: the result (Sent or Failed) and, on failure, the exception as raised.</summary>
    public sealed class AlertOutcome
    {
        public AlertOutcome(AlertItem item, SlackAlertResult result, SlackPostResult? posted, Exception? error)
        {
            Item = item;
            Result = result;
            Posted = posted;
            Error = error;
        }

        public AlertItem Item { get; }
        public SlackAlertResult Result { get; }
        public SlackPostResult? Posted { get; }
        /// <summary>A SlackApiException, an AlloyAmbiguousResultException (reconcile before posting again) ...</summary>
        public Exception? Error { get; }
        public bool Succeeded => Error == null;

        internal static SlackAlertResult ResultFor(AlertItem item, SlackAlertStatus status, string channel, string? ts, string? error)
        {
            var order = item.Order;
            return new SlackAlertResult
            {
                OrderId = order?.Id ?? item.Message.OrderId ?? string.Empty,
                OrderName = order?.Name ?? item.Message.OrderName ?? string.Empty,
                Total = order?.Total ?? 0m,
                Currency = order?.Currency ?? string.Empty,
                Channel = channel,
                Ts = ts,
                Status = status,
                Error = error,
            };
        }
    }
}
