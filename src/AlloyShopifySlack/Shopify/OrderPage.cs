using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Shopify;

/// <summary>The order nodes and the paging facts of one listOrders answer, wherever Alloy put them.</summary>
/// <param name="HasPageInfo">False when the answer says nothing about further pages (Alloy did not pass pageInfo through).</param>
internal sealed record OrderPage(IReadOnlyList<JsonElement> Nodes, bool HasPageInfo, bool HasNextPage, string? EndCursor)
{

    /// <summary>Cursor paging works only when the answer says there is more and gives the cursor to continue from.</summary>
    public bool CanFollowCursor => HasPageInfo && HasNextPage && !string.IsNullOrEmpty(EndCursor);

    /// <summary>
    /// Accepts data.orders or orders (GraphQL connection with edges[].node or nodes[], or a bare array), and a
    /// bare array under data. Anything else is a malformed answer, named by its field: never zero orders.
    /// </summary>
    public static OrderPage Parse(JsonElement answer)
    {
        var data = ShopifyGraphQl.Data(answer);
        var prefix = JsonRead.Property(answer, "data") != null ? "data." : string.Empty;
        var orders = data == null ? null : JsonRead.Property(data.Value, "orders");
        var bareList = orders == null && data != null && data.Value.ValueKind == JsonValueKind.Array;
        if (bareList) orders = data;
        if (orders == null)
            throw new AlloyMalformedResponseException(
                "The listOrders answer has no orders (expected data.orders with edges or nodes). " +
                $"It starts with: {Excerpt(answer)}");

        var connection = orders.Value;
        var field = bareList ? "data" : prefix + "orders";
        List<JsonElement> nodes;
        if (connection.ValueKind == JsonValueKind.Array) nodes = Orders(connection, field, edges: false);
        else if (connection.ValueKind != JsonValueKind.Object) throw Unexpected(field, connection, "an object (a connection) or a list");
        else if (connection.TryGetProperty("edges", out var edges)) nodes = Orders(edges, field + ".edges", edges: true);
        else if (connection.TryGetProperty("nodes", out var list)) nodes = Orders(list, field + ".nodes", edges: false);
        else throw new AlloyMalformedResponseException($"The listOrders answer's {field} has neither edges nor nodes, so no order can be " +
            $"read from it. It starts with: {Excerpt(answer)}");

        var pageInfo = connection.ValueKind == JsonValueKind.Object ? JsonRead.Property(connection, "pageInfo") : null;
        if (pageInfo == null || pageInfo.Value.ValueKind != JsonValueKind.Object || JsonRead.Bool(pageInfo.Value, "hasNextPage") == null)
            return new OrderPage(nodes, false, false, null);
        return new OrderPage(nodes, true, JsonRead.Bool(pageInfo.Value, "hasNextPage") == true,
            JsonRead.String(pageInfo.Value, "endCursor"));
    }

    /// <summary>The order objects of a list of edges ({node}) or of nodes; anything else is named, never skipped.</summary>
    private static List<JsonElement> Orders(JsonElement list, string field, bool edges)
    {
        if (list.ValueKind != JsonValueKind.Array) throw Unexpected(field, list, "a list");
        var nodes = new List<JsonElement>(list.GetArrayLength());
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"{field}[{index++}]";
            var node = item;
            if (edges && item.ValueKind == JsonValueKind.Object && item.TryGetProperty("node", out var inner))
            {
                node = inner;
                path += ".node";
            }
            if (node.ValueKind != JsonValueKind.Object) throw Unexpected(path, node, "an order object");
            nodes.Add(node);
        }
        return nodes;
    }

    private static AlloyMalformedResponseException Unexpected(string field, JsonElement value, string expected) =>
        new AlloyMalformedResponseException(
            $"The listOrders answer's {field} is {Kind(value)}, not {expected}, so the orders of this page cannot be read. " +
            "Check the Shopify connector's listOrders action, and report the answer (run with -Debug to see it).");

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };

    private static string Excerpt(JsonElement answer)
    {
        var text = answer.GetRawText();
        return text.Length <= 200 ? text : text.Substring(0, 200) + "…";
    }
}
