using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Shopify;

/// <summary>The created_at (or updated_at) window: how it moves on, and how a second holding more than a page is read by id.</summary>
internal sealed partial class OrderPager
{
    /// <summary>Keeps the ids at the edge second; false when the order was seen already.</summary>
    private bool Remember(ShopifyOrder order)
    {
        var second = ShopifySearch.FloorToSecond(Time(order));
        if (_boundary == null || (_newest ? second < _boundary.Value : second > _boundary.Value))
        {
            _boundary = second;
            _boundaryIds.Clear();
            _boundaryIds.Add(order.Id);
            return true;
        }
        if (second == _boundary.Value) return _boundaryIds.Add(order.Id);
        // Behind the edge: only possible with cursors (any order) or an unsorted answer; not a repeat we track.
        return true;
    }

    private PageRequest TieBreakRequest(DateTimeOffset? upper)
    {
        var second = _tieBreakSecond;
        var end = upper.HasValue && upper.Value < second + ShopifySearch.Second ? upper : second + ShopifySearch.Second;
        var filter = _tieBreakId is { } id ? (_newest ? "id:<" : "id:>") + id.ToString(
            System.Globalization.CultureInfo.InvariantCulture) : null;
        return new PageRequest
        {
            First = _mostThatFits,
            Query = ShopifySearch.Build(second, end, _query.Query, filter, _field),
            SortKey = "ID",
            Reverse = _newest,
            WindowStart = second,
            WindowEnd = end,
            TieBreak = true,
        };
    }

    private void AfterWindow(OrderPage page, PageRequest request, List<OrderReadResult> results)
    {
        _cursor = null;
        if (page.Nodes.Count < request.First) { Done = true; return; }
        if (_boundary == null)
        {
            Done = true;
            results.Add(OrderReadResult.Failed(new IncompleteOrderReadException(
                $"A full page of {page.Nodes.Count} orders held no usable order, so the read cannot move on; orders after this point " +
                    "were not read.")));
            return;
        }
        var moved = _newest
            ? request.WindowEnd == null || _boundary.Value + ShopifySearch.Second < request.WindowEnd.Value
            : request.WindowStart == null || _boundary.Value > request.WindowStart.Value;
        if (moved)
        {
            if (_newest) _windowEnd = _boundary.Value + ShopifySearch.Second;
            else _windowStart = _boundary;
            return;
        }
        // No progress: the whole page is at the window's edge second.
        if (_pageSize < _mostThatFits && request.First < _mostThatFits)
        {
            OperationContext.Log.Write(LogLevel.Verbose,
                $"All {page.Nodes.Count} orders of the page were created at {ShopifySearch.Format(_boundary.Value)}; raising the page " +
                    $"size to {_mostThatFits}.");
            _pageSize = _mostThatFits;
            return;
        }
        OperationContext.Log.Write(LogLevel.Verbose,
            $"More than {page.Nodes.Count} orders were created at {ShopifySearch.Format(_boundary.Value)}; reading that " +
                "second by order id.");
        _tieBreakSecond = _boundary.Value;
        _tieBreakId = _newest ? (long?)null : 0;
        _tieBreaking = true;
    }

    private void AfterTieBreak(OrderPage page, PageRequest request, long maxId, long minId, List<OrderReadResult> results)
    {
        var second = _tieBreakSecond;
        // Progress means the id filter moved: a server that ignores it returns the same ids again.
        var moved = _newest ? minId < (_tieBreakId ?? long.MaxValue) : maxId > _tieBreakId!.Value;
        if (page.Nodes.Count >= request.First && moved)
        {
            _tieBreakId = _newest ? minId : maxId;
            return;
        }
        if (page.Nodes.Count >= request.First)
        {
            results.Add(OrderReadResult.Failed(new IncompleteOrderReadException(
                $"More than {request.First} orders were created at {ShopifySearch.Format(second)} and listOrders gives neither " +
                    "cursors nor honours " +
                $"the id filter, so some orders of that second may be missing. The read went on after that second.")));
        }
        // The second is finished: continue just past it, with nothing remembered there.
        _tieBreaking = false;
        _tieBreakId = null;
        _boundaryIds.Clear();
        if (_newest)
        {
            _windowEnd = second;
            _boundary = second - ShopifySearch.Second;
            if (_exactAfter.HasValue && _windowEnd <= _exactAfter.Value) Done = true;
        }
        else
        {
            _windowStart = second + ShopifySearch.Second;
            _boundary = _windowStart;
            if (_exactBefore.HasValue && _windowStart >= _exactBefore.Value) Done = true;
        }
    }
}
