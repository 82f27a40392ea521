using System.Runtime.CompilerServices;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>Time that moves only when told to, or by the amount a caller waits: nothing here sleeps.</summary>
public sealed class FakeClock : IClock
{
    private readonly object _sync = new();
    private DateTimeOffset _now;

    public FakeClock(DateTimeOffset start) { _now = start; }

    public DateTimeOffset UtcNow { get { lock (_sync) return _now; } }

    public void Advance(TimeSpan by) { lock (_sync) _now += by; }

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (delay > TimeSpan.Zero) Advance(delay);
        return Task.CompletedTask;
    }
}

public sealed class FakeOrderSource : IOrderSource
{
    public List<ShopifyOrder> Orders { get; } = new();
    public string Currency { get; set; } = "USD";
    public List<DateTimeOffset> Reads { get; } = new();
    public List<IReadOnlyCollection<string>> ReadsById { get; } = new();
    public Exception? FailReads { get; set; }

    public Task<ShopSummary> GetShopAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ShopSummary { Name = "Test shop", Currency = Currency, Domain = "test-shop" });

    public async IAsyncEnumerable<ShopifyOrder> ReadOrdersAsync(DateTimeOffset createdAfter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lock (Reads) Reads.Add(createdAfter);
        if (FailReads != null) throw FailReads;
        await Task.Yield();
        foreach (var order in Orders.Where(o => o.CreatedAt >= createdAfter).OrderBy(o => o.CreatedAt).ToList()) yield return order;
    }

    public async IAsyncEnumerable<ShopifyOrder> ReadOrdersByIdAsync(IReadOnlyCollection<string> orderIds,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lock (ReadsById) ReadsById.Add(orderIds);
        await Task.Yield();
        foreach (var order in Orders.Where(o => orderIds.Contains(o.Id)).ToList()) yield return order;
    }

    public List<DateTimeOffset> UpdatedReads { get; } = new();

    /// <summary>Orders updated (or created) at or after the time, in update order.</summary>
    public async IAsyncEnumerable<ShopifyOrder> ReadUpdatedOrdersAsync(DateTimeOffset updatedAfter, DateTimeOffset createdBefore,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lock (UpdatedReads) UpdatedReads.Add(updatedAfter);
        await Task.Yield();
        foreach (var order in Orders.Where(o => (o.UpdatedAt ?? o.CreatedAt) >= updatedAfter && o.CreatedAt < createdBefore).OrderBy(
            o => o.UpdatedAt ?? o.CreatedAt).ToList())
            yield return order;
    }

    /// <summary>Changes an order as the merchant would in Shopify, at <paramref name="at"/>.</summary>
    public ShopifyOrder Change(int number, DateTimeOffset at, Action<ShopifyOrder> change)
    {
        var order = Orders.Single(o => o.Id == "gid://shopify/Order/" + number);
        change(order);
        order.UpdatedAt = at;
        return order;
    }

    public ShopifyOrder Add(int number, decimal total, DateTimeOffset createdAt, bool test = false, bool cancelled = false)
    {
        var order = new ShopifyOrder
        {
            Id = "gid://shopify/Order/" + number, Name = "#" + number, CreatedAt = createdAt, Total = total, Currency = Currency,
            CustomerName = "Customer " + number, Test = test, CancelledAt = cancelled ? createdAt.AddMinutes(1) : null,
            FinancialStatus = "PAID", FulfillmentStatus = "UNFULFILLED", UpdatedAt = createdAt,
        };
        Orders.Add(order);
        return order;
    }
}

/// <summary>A Slack workspace in memory: channels keep messages with their metadata; faults are injected per post.</summary>
public sealed partial class FakeAlertPoster : IAlertPoster
{
    private readonly object _sync = new();
    private int _ts;

    public sealed record Posted(string Channel, string Ts, SlackMessage Message)
    {
        public string EventType => Message.Metadata?["event_type"]?.GetValue<string>() ?? string.Empty;
        public JsonObject Payload => Message.Metadata?["event_payload"] as JsonObject ?? new JsonObject();
    }

    public List<Posted> Messages { get; } = new();
    public int PostCalls { get; private set; }
    public int LookupCalls { get; private set; }
    /// <summary>Called before a post is stored: an exception thrown here means the post did not land.</summary>
    public Func<string, SlackMessage, Exception?>? FailBefore { get; set; }
    /// <summary>Called after a post is stored: an exception here is the "stored, then the answer was lost" failure.</summary>
    public Func<string, SlackMessage, Exception?>? FailAfter { get; set; }
    public Exception? FailLookups { get; set; }
    /// <summary>Runs inside the post, after storing (to cancel a run mid-post).</summary>
    public Action? DuringPost { get; set; }

    public Task<SlackPostResult> PostAsync(string channel, SlackMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync) PostCalls++;
        var before = FailBefore?.Invoke(channel, message);
        if (before != null) throw before;
        string ts;
        lock (_sync)
        {
            ts = "1700000000." + (++_ts).ToString("000000");
            Messages.Add(new Posted(channel, ts, message));
        }
        DuringPost?.Invoke();
        cancellationToken.ThrowIfCancellationRequested();
        var after = FailAfter?.Invoke(channel, message);
        if (after != null) throw after;
        return Task.FromResult(new SlackPostResult(channel, ts));
    }

    /// <summary>The windows asked for, in order.</summary>
    public List<(string Channel, HistoryWindow Window, int Keys)> Lookups { get; } = new();

    /// <summary>One pass over the channel for all the keys (metadata or block ids); the window is not applied (fake ts are not
    /// times).</summary>
    public Task<AlertLookup> LookUpAsync(string channel, IReadOnlyCollection<AlertKey> keys, HistoryWindow window, DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            LookupCalls++;
            Lookups.Add((channel, window, keys.Count));
            if (FailLookups != null) throw FailLookups;
            var found = new Dictionary<string, string>();
            foreach (var message in Messages.Where(m => m.Channel == channel && m.Message.ThreadTs == null).Reverse())
            {
                var json = message.Message.ToRequestBody(channel);
                json["ts"] = message.Ts;
                var identity = MessageIdentity.Read(JsonDocument.Parse(json.ToJsonString()).RootElement);
                foreach (var key in keys.Where(k => !found.ContainsKey(k.Id) && k.Matches(identity))) found[key.Id] = message.Ts;
            }
            return Task.FromResult(new AlertLookup { Found = found, Calls = 1, Complete = true });
        }
    }

    /// <summary>How many messages mention each order (an alert's order id, or a digest's list).</summary>
    public Dictionary<string, int> AlertsPerOrder()
    {
        var counts = new Dictionary<string, int>();
        lock (_sync)
        {
            foreach (var message in Messages)
                foreach (var id in FakeComposer.OrderIds(message.Message))
                    counts[id] = counts.TryGetValue(id, out var n) ? n + 1 : 1;
        }
        return counts;
    }

    public List<Posted> In(string channel) { lock (_sync) return Messages.Where(m => m.Channel == channel).ToList(); }
}

public sealed class FakeComposer : IAlertComposer
{
    public int MaxOrdersPerDigest { get; set; } = 25;

    public SlackMessage ComposeAlert(ShopifyOrder order) => new($"Order {order.Name}: {order.Total}")
    {
        OrderId = order.Id,
        OrderName = order.Name,
        Metadata = new JsonObject { ["event_type"] = "shopify_order_alert",
            ["event_payload"] = new JsonObject { ["order_id"] = order.Id } },
    };

    public SlackMessage ComposeDigest(IReadOnlyList<ShopifyOrder> orders, string digestId) => new($"{orders.Count} orders")
    {
        Metadata = new JsonObject
        {
            ["event_type"] = "shopify_order_digest",
            ["event_payload"] = new JsonObject { ["digest_id"] = digestId, ["order_ids"] = string.Join(",", orders.Select(o => o.Id)) },
        },
    };

    public static IEnumerable<string> OrderIds(SlackMessage message)
    {
        var type = message.Metadata?["event_type"]?.GetValue<string>();
        if (type != "shopify_order_alert" && type != "shopify_order_digest") return Array.Empty<string>();
        var payload = message.Metadata?["event_payload"] as JsonObject;
        if (payload?["order_id"] is JsonNode id) return new[] { id.GetValue<string>() };
        if (payload?["order_ids"] is JsonNode ids) return ids.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries);
        return Array.Empty<string>();
    }
}

public sealed class FakeTagger : IOrderTagger
{
    public List<(string OrderId, string[] Tags)> Calls { get; } = new();
    public Exception? Fail { get; set; }

    public Task AddTagsAsync(string orderId, IReadOnlyList<string> tags, CancellationToken ct)
    {
        if (Fail != null) throw Fail;
        lock (Calls) Calls.Add((orderId, tags.ToArray()));
        return Task.CompletedTask;
    }
}
