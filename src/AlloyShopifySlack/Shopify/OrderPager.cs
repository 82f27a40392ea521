using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Shopify
{
    /// <summary>What to ask listOrders for next.</summary>
    internal sealed class PageRequest
    {
        public int First { get; set; }
        public string Query { get; set; } = string.Empty;
        public string? After { get; set; }
        public string SortKey { get; set; } = "CREATED_AT";
        /// <summary>The lower bound of a created_at window request (null for a cursor request or no lower bound).</summary>
        public DateTimeOffset? WindowStart { get; set; }
        public bool TieBreak { get; set; }
    }

    /// <summary>
    /// Decides the listOrders requests and keeps every order exactly once. Cursor paging (after = endCursor) when the
    /// answers carry pageInfo; otherwise a created_at window moved forward to the last order's second, with repeats
    /// dropped by id. Only the ids at the latest second are remembered, so memory stays flat however many orders pass.
    /// When a full page is all at one second (no progress), the page size is raised to 250; if that is not enough, the
    /// orders of that second are read by id (id:&gt;N, sorted by ID), and when even that is ignored a problem is reported.
    /// </summary>
    internal sealed class OrderPager
    {
        private readonly OrderQuery _query;
        private readonly DateTimeOffset? _exactAfter;
        private readonly DateTimeOffset? _exactBefore;
        private readonly HashSet<string> _boundaryIds = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _reportedNodes = new HashSet<string>(StringComparer.Ordinal);
        private int _pageSize;
        private string? _cursor;
        private DateTimeOffset? _windowStart;
        private DateTimeOffset? _boundary;
        private long? _tieBreakAfterId;
        private DateTimeOffset _tieBreakSecond;
        private bool _reportedUnsorted;

        public OrderPager(OrderQuery query)
        {
            _query = query;
            _pageSize = query.PageSize;
            _exactAfter = query.CreatedAfter;
            _exactBefore = query.CreatedBefore;
            _windowStart = query.CreatedAfter.HasValue ? ShopifySearch.FloorToSecond(query.CreatedAfter.Value) : (DateTimeOffset?)null;
        }

        public bool Done { get; private set; }
        public int Emitted { get; private set; }
        public int Pages { get; private set; }
        /// <summary>The creation time of the latest order seen (for progress and for "resume from" hints).</summary>
        public DateTimeOffset? LastCreatedAt { get; private set; }

        private int Remaining => _query.Limit.HasValue ? _query.Limit.Value - Emitted : int.MaxValue;

        public PageRequest Next()
        {
            var before = _exactBefore.HasValue ? ShopifySearch.CeilingToSecond(_exactBefore.Value) : (DateTimeOffset?)null;
            if (_tieBreakAfterId.HasValue)
            {
                var second = _tieBreakSecond;
                var end = before.HasValue && before.Value < second + ShopifySearch.Second ? before : second + ShopifySearch.Second;
                return new PageRequest
                {
                    First = OrderQuery.MaxPageSize,
                    Query = ShopifySearch.Build(second, end, _query.Query, "id:>" + _tieBreakAfterId.Value.ToString(CultureInfo.InvariantCulture)),
                    SortKey = "ID",
                    WindowStart = second,
                    TieBreak = true,
                };
            }
            if (_cursor != null)
            {
                return new PageRequest
                {
                    First = Math.Min(_pageSize, Remaining),
                    Query = ShopifySearch.Build(_exactAfter.HasValue ? ShopifySearch.FloorToSecond(_exactAfter.Value) : (DateTimeOffset?)null, before, _query.Query),
                    After = _cursor,
                };
            }
            // A window page re-reads the ids at its start second, so ask for enough to get Remaining new ones.
            var first = (int)Math.Min(_pageSize, Math.Min((long)Remaining + _boundaryIds.Count, OrderQuery.MaxPageSize));
            return new PageRequest { First = first, Query = ShopifySearch.Build(_windowStart, before, _query.Query), WindowStart = _windowStart };
        }

        /// <summary>Takes one answer: returns the new orders (and problems) in order, and moves the state on.</summary>
        public List<OrderReadResult> Accept(OrderPage page, PageRequest request, Func<JsonElement, ShopifyOrder> parse)
        {
            Pages++;
            if (_reportedNodes.Count > 1000) _reportedNodes.Clear(); // only there to avoid reporting an overlap twice
            var results = new List<OrderReadResult>(page.Nodes.Count);
            long maxId = _tieBreakAfterId ?? 0;
            DateTimeOffset? previous = null;
            foreach (var node in page.Nodes)
            {
                ShopifyOrder order;
                try { order = parse(node); }
                catch (UnusableOrderException problem)
                {
                    if (_reportedNodes.Add(node.GetRawText())) results.Add(OrderReadResult.Failed(problem));
                    continue;
                }

                if (previous.HasValue && order.CreatedAt < previous.Value && !page.CanFollowCursor && !request.TieBreak && !_reportedUnsorted)
                {
                    _reportedUnsorted = true;
                    results.Add(OrderReadResult.Failed(new IncompleteOrderReadException(
                        "listOrders did not sort the orders by creation time although sortKey CREATED_AT was asked for, and gave no cursor; " +
                        "orders may be missed. Narrow the time range with -CreatedAfter/-CreatedBefore and check the Shopify connector.")));
                }
                previous = order.CreatedAt;
                if (long.TryParse(order.NumericId, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric) && numeric > maxId) maxId = numeric;

                // Before the window: read on an earlier page (or out of range) however the server came to return it again.
                if (request.WindowStart.HasValue && order.CreatedAt < request.WindowStart.Value) continue;
                if (!Remember(order)) continue; // a repeat from the window's overlap
                if (LastCreatedAt == null || order.CreatedAt > LastCreatedAt) LastCreatedAt = order.CreatedAt;
                if (_exactAfter.HasValue && order.CreatedAt < _exactAfter.Value) continue;
                if (_exactBefore.HasValue && order.CreatedAt >= _exactBefore.Value) continue;
                if (_query.Limit.HasValue && Emitted >= _query.Limit.Value) break;
                Emitted++;
                results.Add(OrderReadResult.Of(order));
            }

            if (_query.Limit.HasValue && Emitted >= _query.Limit.Value) Done = true;
            else if (request.TieBreak) AfterTieBreak(page, request, maxId, results);
            else if (page.CanFollowCursor) _cursor = page.EndCursor;
            else if (page.HasPageInfo) Done = true;
            else AfterWindow(page, request, results);
            return results;
        }

        /// <summary>Keeps the ids at the latest second; false when the order was seen already.</summary>
        private bool Remember(ShopifyOrder order)
        {
            var second = ShopifySearch.FloorToSecond(order.CreatedAt);
            if (_boundary == null || second > _boundary.Value)
            {
                _boundary = second;
                _boundaryIds.Clear();
                _boundaryIds.Add(order.Id);
                return true;
            }
            if (second == _boundary.Value) return _boundaryIds.Add(order.Id);
            // Older than the boundary: only possible with cursors (any order) or an unsorted answer; not a repeat we track.
            return true;
        }

        private void AfterWindow(OrderPage page, PageRequest request, List<OrderReadResult> results)
        {
            _cursor = null;
            if (page.Nodes.Count < request.First) { Done = true; return; }
            if (_boundary == null)
            {
                Done = true;
                results.Add(OrderReadResult.Failed(new IncompleteOrderReadException(
                    $"A full page of {page.Nodes.Count} orders held no usable order, so the read cannot move on; orders after this point were not read.")));
                return;
            }
            if (request.WindowStart == null || _boundary.Value > request.WindowStart.Value)
            {
                _windowStart = _boundary;
                return;
            }
            // No progress: the whole page is at the window's start second.
            if (_pageSize < OrderQuery.MaxPageSize && request.First < OrderQuery.MaxPageSize)
            {
                OperationContext.Log.Write(LogLevel.Verbose,
                    $"All {page.Nodes.Count} orders of the page were created at {ShopifySearch.Format(_boundary.Value)}; raising the page size to {OrderQuery.MaxPageSize}.");
                _pageSize = OrderQuery.MaxPageSize;
                return;
            }
            OperationContext.Log.Write(LogLevel.Verbose,
                $"More than {page.Nodes.Count} orders were created at {ShopifySearch.Format(_boundary.Value)}; reading that second by order id.");
            _tieBreakSecond = _boundary.Value;
            _tieBreakAfterId = 0;
        }

        private void AfterTieBreak(OrderPage page, PageRequest request, long maxId, List<OrderReadResult> results)
        {
            var second = _tieBreakSecond;
            // Progress means the id filter moved: a server that ignores it returns the same highest id again.
            if (page.Nodes.Count >= request.First && maxId > _tieBreakAfterId!.Value)
            {
                _tieBreakAfterId = maxId;
                return;
            }
            if (page.Nodes.Count >= request.First)
            {
                results.Add(OrderReadResult.Failed(new IncompleteOrderReadException(
                    $"More than {request.First} orders were created at {ShopifySearch.Format(second)} and listOrders gives neither cursors nor honours " +
                    $"the id filter, so some orders of that second may be missing. The read went on after that second.")));
            }
            // The second is finished: continue just after it, with nothing remembered there.
            _tieBreakAfterId = null;
            _windowStart = second + ShopifySearch.Second;
            _boundary = _windowStart;
            _boundaryIds.Clear();
            if (_exactBefore.HasValue && _windowStart >= _exactBefore.Value) Done = true;
        }
    }
}
