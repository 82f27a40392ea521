using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Shopify;

/// <summary>The fake store's orders, kept sorted by creation so that a page is a binary search and a short scan.</summary>
public sealed partial class ShopifyStore
{
    private static readonly IComparer<EmulatedOrder> ByCreated = Comparer<EmulatedOrder>.Create((a, b) =>
    {
        var c = a.CreatedAt.CompareTo(b.CreatedAt);
        return c != 0 ? c : a.Number.CompareTo(b.Number);
    });

    private readonly object _gate = new();
    private readonly List<EmulatedOrder> _byCreated = new();
    private readonly Dictionary<long, EmulatedOrder> _byNumber = new();
    private readonly EmulatorClock _clock;
    private readonly EmulatorOptions _options;
    private Random _random;
    private long _nextNumber = SampleStore.FirstOrderNumber;

    public ShopifyStore(EmulatorClock clock, EmulatorOptions options)
    {
        _clock = clock;
        _options = options;
        _random = new Random(options.Seed);
        Bucket = new CostBucket(clock, options.ShopifyMaximumAvailable, options.ShopifyRestoreRate) { Enabled = options.ShopifyThrottling };
    }

    public string ShopName { get; set; } = "Alloy Demo Store";
    public string Domain => _options.StoreDomain;
    public string CurrencyCode { get; set; } = "USD";
    public CostBucket Bucket { get; }

    /// <summary>Whether cursors and pageInfo pass through Alloy (unconfirmed); can be switched at run time.</summary>
    public bool CursorPassthrough { get; set; }

    /// <summary>pageInfo is returned but `after` is ignored: every page is the first page again.</summary>
    public bool IgnoreAfterCursor { get; set; }

    /// <summary>Queries whose requested cost is over this are refused (MAX_COST_EXCEEDED); null = no cap.</summary>
    public int? MaxQueryCost { get; set; }

    /// <summary>HTTP status Alloy relays a cost refusal with: 200 = Shopify's body inside the envelope.</summary>
    public int CostRefusalStatus { get; set; } = 200;

    public int Count { get { lock (_gate) return _byCreated.Count; } }

    /// <summary>A snapshot of every order, oldest first.</summary>
    public IReadOnlyList<EmulatedOrder> Orders { get { lock (_gate) return _byCreated.ToList(); } }

    public EmulatedOrder? Find(long number) { lock (_gate) return _byNumber.GetValueOrDefault(number); }

    public EmulatedOrder? FindById(string gid)
    {
        lock (_gate) return _byCreated.FirstOrDefault(o => o.Id == gid);
    }

    /// <summary>Fresh sample orders ending at the clock's now; paging and throttling knobs back to the options.</summary>
    public void Seed(int count, int days)
    {
        lock (_gate)
        {
            _byCreated.Clear();
            _byNumber.Clear();
            _nextNumber = SampleStore.FirstOrderNumber;
            _random = new Random(_options.Seed);
            foreach (var order in SampleStore.Generate(count, days, _clock.UtcNow, _options.Seed)) Insert(order);
            _random = new Random(_options.Seed ^ 0x5EED);
        }
        CursorPassthrough = _options.CursorPassthrough;
        IgnoreAfterCursor = _options.IgnoreAfterCursor;
        MaxQueryCost = _options.ShopifyMaxQueryCost;
        CostRefusalStatus = _options.ShopifyCostRefusalStatus;
        Bucket.Enabled = _options.ShopifyThrottling;
        Bucket.RestoreRate = _options.ShopifyRestoreRate;
        Bucket.MaximumAvailable = _options.ShopifyMaximumAvailable;
        Bucket.Fill();
    }

    /// <summary>Adds an order; it may be created in the past (a late order) and gets the next order number.</summary>
    public EmulatedOrder Add(Func<long, Random, EmulatedOrder> make)
    {
        lock (_gate)
        {
            var order = make(_nextNumber, _random);
            Insert(order);
            return order;
        }
    }

    /// <summary>
    /// Adds <paramref name="count"/> generated orders created at <paramref name="createdAt"/> (default now), a second
    /// apart; <paramref name="total"/> or <paramref name="overrides"/> fix what a test cares about.
    /// </summary>
    public IReadOnlyList<EmulatedOrder> AddGenerated(int count, DateTimeOffset? createdAt = null, decimal? total = null,
        OrderOverrides? overrides = null)
    {
        if (total.HasValue) overrides = (overrides ?? new OrderOverrides()) with { Total = total };
        var added = new List<EmulatedOrder>();
        var start = createdAt ?? _clock.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var at = start.AddSeconds(i);
            added.Add(Add((number, random) =>
            {
                var order = SampleStore.Create(random, number, at);
                return overrides == null ? order : overrides.Apply(order);
            }));
        }
        return added;
    }

    private void Insert(EmulatedOrder order)
    {
        if (_byNumber.ContainsKey(order.Number)) throw new InvalidOperationException($"Order {order.Name} exists already.");
        var index = _byCreated.BinarySearch(order, ByCreated);
        _byCreated.Insert(index < 0 ? ~index : index, order);
        _byNumber[order.Number] = order;
        _nextNumber = Math.Max(_nextNumber, order.Number + 1);
    }
}
