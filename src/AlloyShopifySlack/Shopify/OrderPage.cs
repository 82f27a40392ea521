using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Shopify
{
    /// <summary>The order nodes and the paging facts of one listOrders answer, wherever Alloy put them.</summary>
    internal sealed class OrderPage
    {
        private OrderPage(IReadOnlyList<JsonElement> nodes, bool hasPageInfo, bool hasNextPage, string? endCursor)
        {
            Nodes = nodes;
            HasPageInfo = hasPageInfo;
            HasNextPage = hasNextPage;
            EndCursor = endCursor;
        }

        public IReadOnlyList<JsonElement> Nodes { get; }
        /// <summary>False when the answer says nothing about further pages (Alloy did not pass pageInfo through).</summary>
        public bool HasPageInfo { get; }
        public bool HasNextPage { get; }
        public string? EndCursor { get; }

        /// <summary>Cursor paging works only when the answer says there is more and gives the cursor to continue from.</summary>
        public bool CanFollowCursor => HasPageInfo && HasNextPage && !string.IsNullOrEmpty(EndCursor);

        /// <summary>
        /// Accepts data.orders or orders (GraphQL connection with edges[].node or nodes[], or a bare array), and a
        /// bare array under data. Anything else is a malformed answer.
        /// </summary>
        public static OrderPage Parse(JsonElement answer)
        {
            var data = ShopifyGraphQl.Data(answer);
            var orders = data == null ? null : JsonRead.Property(data.Value, "orders");
            if (orders == null && data != null && data.Value.ValueKind == JsonValueKind.Array) orders = data;
            if (orders == null)
                throw new AlloyMalformedResponseException(
                    "The listOrders answer has no orders (expected data.orders with edges or nodes). " +
                    $"It starts with: {Excerpt(answer)}");

            var connection = orders.Value;
            List<JsonElement> nodes;
            if (connection.ValueKind == JsonValueKind.Array) nodes = connection.EnumerateArray().ToList();
            else if (JsonRead.Property(connection, "edges") is { } edges) nodes = JsonRead.Array(edges).Select(e => JsonRead.Property(e, "node") ?? e).ToList();
            else nodes = JsonRead.Array(JsonRead.Property(connection, "nodes")).ToList();

            var pageInfo = connection.ValueKind == JsonValueKind.Object ? JsonRead.Property(connection, "pageInfo") : null;
            if (pageInfo == null || pageInfo.Value.ValueKind != JsonValueKind.Object || JsonRead.Bool(pageInfo.Value, "hasNextPage") == null)
                return new OrderPage(nodes, false, false, null);
            return new OrderPage(nodes, true, JsonRead.Bool(pageInfo.Value, "hasNextPage") == true, JsonRead.String(pageInfo.Value, "endCursor"));
        }

        private static string Excerpt(JsonElement answer)
        {
            var text = answer.GetRawText();
            return text.Length <= 200 ? text : text.Substring(0, 200) + "…";
        }
    }
}
