using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Shopify;

/// <summary>
/// Decides the listOrders requests and keeps every order exactly once, oldest first (newest first for -Newest).
/// Cursor paging (after = endCursor) while the answers carry pageInfo and the cursor moves; otherwise a created_at
/// window moved on to the last order's second, with repeats dropped by id. Only the ids at that edge second are
/// remembered, so memory stays flat however many orders pass. When a full page is all at one second (no progress),
/// the page size is raised to the most that fits; if that is not enough, the orders of that second are read by id
/// (sorted by ID), and when even that is ignored a problem is reported. A cursor that does not move (the same
/// endCursor, or a page that starts with an order already read) switches the rest of the read to the window, and
/// a read that takes far more pages than its orders can fill stops with an error instead of looping.
/// </summary>
internal sealed partial class OrderPager
{
    /// <summary>Pages allowed beyond what the orders found can fill, before the read is taken for a loop.</summary>
    private const int SparePages = 10;
    private readonly OrderQuery _query;
    private readonly bool _newest;
    private readonly DateTimeOffset? _exactAfter;
    private readonly DateTimeOffset? _exactBefore;
    private readonly HashSet<string> _boundaryIds = new HashSet<string>(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedNodes = new HashSet<string>(StringComparer.Ordinal);
    private readonly HashSet<string> _previousPageIds = new HashSet<string>(StringComparer.Ordinal);
    private readonly HashSet<string> _pageFirstIds = new HashSet<string>(StringComparer.Ordinal);
    private int _pageSize;
    private int _mostThatFits = OrderQuery.MaxPageSize;
    private int _smallestPageSize;
    private int _fresh;
    private string? _cursor;
    private bool _cursorIgnored;
    private DateTimeOffset? _windowStart; // oldest first: created_at >= this
    private DateTimeOffset? _windowEnd;   // newest first: created_at < this
    private DateTimeOffset? _boundary;    // the edge second read so far: the latest (newest first: the earliest)
    private bool _tieBreaking;
    private long? _tieBreakId;
    private DateTimeOffset _tieBreakSecond;
    private bool _reportedUnsorted;
    // A read of the orders updated since a time (follow-ups) pages the same way on updatedAt instead of createdAt.
    private readonly bool _byUpdated;
    private readonly string _field;

    public OrderPager(OrderQuery query)
    {
        _query = query;
        _newest = query.NewestFirst;
        _pageSize = query.PageSize;
        _smallestPageSize = _pageSize;
        _byUpdated = query.UpdatedAfter.HasValue;
        _field = _byUpdated ? ShopifySearch.UpdatedAt : ShopifySearch.CreatedAt;
        _exactAfter = query.UpdatedAfter ?? query.CreatedAfter;
        _exactBefore = query.CreatedBefore;
        if (!_newest && _exactAfter.HasValue) _windowStart = ShopifySearch.FloorToSecond(_exactAfter.Value);
        if (_newest && _exactBefore.HasValue) _windowEnd = ShopifySearch.CeilingToSecond(_exactBefore.Value);
    }

    public bool Done { get; private set; }
    public int Emitted { get; private set; }
    public int Pages { get; private set; }
    /// <summary>How far the read got: the creation (or, reading by update, update) time of the latest order seen (newest first: the
    /// earliest).</summary>
    public DateTimeOffset? LastCreatedAt { get; private set; }
    /// <summary>Set once the refusal of a too-costly page has been explained, so a read says it once.</summary>
    public bool PageFitAnnounced { get; set; }

    private int Remaining => _query.Limit.HasValue ? _query.Limit.Value - Emitted : int.MaxValue;

    /// <summary>Lowers the page size, and every later request, to what fits Shopify's single-query cost limit.</summary>
    public void LimitPageSize(int mostThatFits)
    {
        if (mostThatFits < 1 || mostThatFits >= _mostThatFits) return;
        _mostThatFits = mostThatFits;
        _pageSize = Math.Min(_pageSize, mostThatFits);
        _smallestPageSize = Math.Min(_smallestPageSize, _pageSize);
    }

    public PageRequest Next()
    {
        DateTimeOffset? lower = _exactAfter.HasValue ? ShopifySearch.FloorToSecond(_exactAfter.Value) : (DateTimeOffset?)null;
        DateTimeOffset? upper = _exactBefore.HasValue ? ShopifySearch.CeilingToSecond(_exactBefore.Value) : (DateTimeOffset?)null;
        if (_tieBreaking) return TieBreakRequest(upper);
        if (_cursor != null)
            return new PageRequest { First = Math.Min(_pageSize, Remaining),
                Query = ShopifySearch.Build(lower, upper, _query.Query, null, _field), After = _cursor, Reverse = _newest,
                SortKey = SortKey };
        // A window page re-reads the ids at its edge second, so ask for enough to get Remaining new ones.
        var first = (int)Math.Min(_pageSize, Math.Min((long)Remaining + _boundaryIds.Count, _mostThatFits));
        return _newest
            ? new PageRequest { First = first, Query = ShopifySearch.Build(lower, _windowEnd, _query.Query, null, _field),
                WindowEnd = _windowEnd, Reverse = true, SortKey = SortKey }
            : new PageRequest { First = first, Query = ShopifySearch.Build(_windowStart, upper, _query.Query, null, _field),
                WindowStart = _windowStart, SortKey = SortKey };
    }

    private string SortKey => _byUpdated ? "UPDATED_AT" : "CREATED_AT";

    /// <summary>The time the read is ordered and windowed by.</summary>
    private DateTimeOffset Time(ShopifyOrder order) => _byUpdated ? order.UpdatedAt ?? order.CreatedAt : order.CreatedAt;

    /// <summary>Takes one answer: returns the new orders (and problems) in order, and moves the state on.</summary>
    public List<OrderReadResult> Accept(OrderPage page, PageRequest request, Func<JsonElement, ShopifyOrder> parse)
    {
        Pages++;
        if (request.After != null && CursorDidNotMove(page, request))
        {
            SwitchToWindow();
            CheckPageBudget();
            return new List<OrderReadResult>();
        }
        if (_reportedNodes.Count > 1000) _reportedNodes.Clear(); // only there to avoid reporting an overlap twice
        if (!request.TieBreak) _previousPageIds.Clear();
        var followingCursor = page.CanFollowCursor && !_cursorIgnored;
        var results = new List<OrderReadResult>(page.Nodes.Count);
        long maxId = 0, minId = long.MaxValue;
        DateTimeOffset? previous = null;
        string? firstId = null;
        foreach (var node in page.Nodes)
        {
            ShopifyOrder order;
            try { order = parse(node); }
            catch (UnusableOrderException problem)
            {
                if (_reportedNodes.Add(node.GetRawText())) results.Add(OrderReadResult.Failed(problem));
                continue;
            }
            firstId ??= order.Id;
            if (!request.TieBreak) _previousPageIds.Add(order.Id);

            var time = Time(order);
            var outOfOrder = previous.HasValue && (_newest ? time > previous.Value : time < previous.Value);
            if (outOfOrder && !followingCursor && !request.TieBreak && !_reportedUnsorted)
            {
                _reportedUnsorted = true;
                results.Add(OrderReadResult.Failed(new IncompleteOrderReadException(
                    $"listOrders did not sort the orders by {_field} although sortKey {SortKey} was asked for, and gave no cursor; " +
                    "orders may be missed. Narrow the time range with -CreatedAfter/-CreatedBefore and check the Shopify connector.")));
            }
            previous = time;
            if (long.TryParse(order.NumericId, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric))
            {
                maxId = Math.Max(maxId, numeric);
                minId = Math.Min(minId, numeric);
            }

            // Outside the window: read on an earlier page (or out of range) however the server came to return it again.
            if (request.WindowStart.HasValue && time < request.WindowStart.Value) continue;
            if (request.WindowEnd.HasValue && time >= request.WindowEnd.Value) continue;
            if (!Remember(order)) continue; // a repeat from the window's overlap
            _fresh++;
            if (LastCreatedAt == null || (_newest ? time < LastCreatedAt : time > LastCreatedAt)) LastCreatedAt = time;
            if (_exactAfter.HasValue && time < _exactAfter.Value) continue;
            if (_exactBefore.HasValue && time >= _exactBefore.Value) continue;
            if (_query.Limit.HasValue && Emitted >= _query.Limit.Value) break;
            Emitted++;
            results.Add(OrderReadResult.Of(order));
        }
        if (firstId != null && !request.TieBreak) _pageFirstIds.Add(firstId);

        if (_query.Limit.HasValue && Emitted >= _query.Limit.Value) Done = true;
        else if (request.TieBreak) AfterTieBreak(page, request, maxId, minId, results);
        else if (followingCursor) _cursor = page.EndCursor;
        else if (page.HasPageInfo && !_cursorIgnored) Done = true;
        else AfterWindow(page, request, results);
        CheckPageBudget();
        return results;
    }

    /// <summary>The same endCursor as the one sent, or a page that starts with an order already read: `after` was ignored.</summary>
    private bool CursorDidNotMove(OrderPage page, PageRequest request)
    {
        if (page.HasPageInfo && page.EndCursor != null && string.Equals(page.EndCursor, request.After,
            StringComparison.Ordinal)) return true;
        var first = page.Nodes.Count > 0 ? JsonRead.String(page.Nodes[0], "id") : null;
        return first != null && (_previousPageIds.Contains(first) || _pageFirstIds.Contains(first));
    }

    /// <summary>Goes on from the edge second with created_at windows; the repeated page is dropped whole.</summary>
    private void SwitchToWindow()
    {
        _cursorIgnored = true;
        _cursor = null;
        if (_boundary.HasValue)
        {
            if (_newest) _windowEnd = _boundary.Value + ShopifySearch.Second;
            else _windowStart = _boundary.Value;
        }
        var from = _boundary.HasValue ? " from " + ShopifySearch.Format(_boundary.Value) : string.Empty;
        OperationContext.Log.Write(LogLevel.Verbose,
            $"listOrders answered the cursor with orders already read (it ignores `after`); reading on{from} by {_field} window instead.");
    }

    /// <summary>
    /// A read needs about one page per page size of orders it finds: twice that (window overlaps, a raised page
    /// size, a second read by id) plus a few spare is generous. More means listOrders repeats itself: stop, never loop.
    /// </summary>
    private void CheckPageBudget()
    {
        if (Done) return;
        var budget = 2L * (_fresh / _smallestPageSize + 1) + SparePages;
        if (Pages < budget) return;
        var resume = LastCreatedAt.HasValue && !_newest ? $"; the last was created " +
            $"at {ShopifySearch.Format(LastCreatedAt.Value)}" : string.Empty;
        throw new IncompleteOrderReadException(
            $"Reading Shopify orders stopped after {Pages} listOrders calls that found only {_fresh} orders at up " +
                $"to {_smallestPageSize} a page: " +
            $"listOrders keeps answering without moving on (it seems to ignore both the cursor and the {_field} filter). " +
            $"{Emitted} orders were written{resume}. Narrow the range with -CreatedAfter/-CreatedBefore, and report the answers (run " +
                "with -Debug).");
    }
}
