using System.Buffers;
using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Shopify;

/// <summary>listOrders, getShop and tagsAdd, answered in the shape of the Admin GraphQL API.</summary>
public sealed partial class ShopifyStore
{
    private const double MaxSingleQueryCost = 1000;
    private static readonly string[] SortKeys = { "CREATED_AT", "PROCESSED_AT", "UPDATED_AT", "ID", "ORDER_NUMBER", "TOTAL_PRICE" };

    public ProviderAnswer ListOrders(JsonObject query)
    {
        var first = ReadInt(query["first"]);
        if (first is null or < 1 or > 250)
            return GraphQlError($"The value of the argument 'first' must be between 1 and 250 " +
                $"(got {query["first"]?.ToJsonString() ?? "nothing"}).", "BAD_USER_INPUT");
        var sortKey = (ReadString(query["sortKey"]) ?? "PROCESSED_AT").ToUpperInvariant();
        if (!SortKeys.Contains(sortKey)) return GraphQlError($"Argument 'sortKey' has an invalid value ({sortKey}). Expected type " +
            "'OrderSortKeys'.", "argumentLiteralsIncompatible");
        var reverse = ReadBool(query["reverse"]) ?? false;
        var after = CursorPassthrough && !IgnoreAfterCursor ? ReadString(query["after"]) : null;
        var filter = new ShopifyQueryFilter(ReadString(query["query"]), _options.IgnoreUnquotedDates);

        // Over the single-query cap: refused before it runs. Without a cap the charge stops at what the bucket can hold.
        var cost = RequestedCost(first.Value);
        if (MaxQueryCost is { } cap && cost > cap) return CostRefused(cost, cap);
        double requested = MaxQueryCost.HasValue ? cost : Math.Min(MaxSingleQueryCost, cost);
        if (!Bucket.TryTake(requested)) return Throttled(requested);

        List<EmulatedOrder> page;
        bool hasNext;
        lock (_gate)
        {
            var ordered = Ordered(sortKey);
            var start = 0;
            if (!string.IsNullOrEmpty(after))
            {
                var cursorOrder = DecodeCursor(after!) is { } n ? _byNumber.GetValueOrDefault(n) : null;
                if (cursorOrder == null) { Bucket.Refund(requested); return GraphQlError($"Invalid cursor for current pagination sort.",
                    "BAD_USER_INPUT"); }
                start = IndexOf(ordered, cursorOrder, sortKey, reverse) + 1;
            }
            if (!reverse && ReferenceEquals(ordered, _byCreated) && filter.CreatedAtLowerBound is { } lowest)
                start = Math.Max(start, FirstCreatedAtOrAfter(lowest));
            page = new List<EmulatedOrder>(first.Value);
            hasNext = false;
            for (var i = start; i < ordered.Count; i++)
            {
                var order = reverse ? ordered[ordered.Count - 1 - i] : ordered[i];
                if (!filter.Matches(order)) continue;
                if (page.Count == first.Value) { hasNext = true; break; }
                page.Add(order);
            }
        }

        var actual = Math.Min(requested, 1 + page.Sum(o => 1 + o.LineItems.Count));
        Bucket.Refund(requested - actual);
        var extensions = new JsonObject { ["cost"] = Bucket.CostNode(requested, actual) };
        if (filter.Warnings.Count > 0)
        {
            extensions["search"] = new JsonArray(new JsonObject
            {
                ["path"] = new JsonArray("orders"),
                ["query"] = ReadString(query["query"]),
                ["warnings"] = new JsonArray(filter.Warnings.Select(w => (JsonNode)new JsonObject { ["message"] = w }).ToArray()),
            });
        }
        return ProviderAnswer.OkText(OrdersPageJson(page, hasNext, !string.IsNullOrEmpty(after), extensions));
    }

    /// <summary>{data:{orders:{edges,pageInfo?}},extensions}, written around each order's cached JSON.</summary>
    private string OrdersPageJson(List<EmulatedOrder> page, bool hasNext, bool hasPrevious, JsonObject extensions)
    {
        var buffer = new ArrayBufferWriter<byte>(page.Count * 1024 + 512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Reply.JsonOptions.Encoder,
            SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("data");
            writer.WriteStartObject("orders");
            writer.WriteStartArray("edges");
            foreach (var order in page)
            {
                writer.WriteStartObject();
                if (CursorPassthrough) writer.WriteString("cursor", EncodeCursor(order.Number));
                writer.WritePropertyName("node");
                writer.WriteRawValue(order.ToJsonText(), skipInputValidation: true);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            if (CursorPassthrough)
            {
                writer.WriteStartObject("pageInfo");
                writer.WriteBoolean("hasNextPage", hasNext);
                writer.WriteBoolean("hasPreviousPage", hasPrevious);
                if (page.Count > 0) writer.WriteString("startCursor", EncodeCursor(page[0].Number)); else writer.WriteNull("startCursor");
                if (page.Count > 0) writer.WriteString("endCursor", EncodeCursor(page[^1].Number)); else writer.WriteNull("endCursor");
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WritePropertyName("extensions");
            extensions.WriteTo(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public ProviderAnswer GetShop()
    {
        const double cost = 1;
        if (!Bucket.TryTake(cost)) return Throttled(cost);
        return ProviderAnswer.Ok(new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["shop"] = new JsonObject
                {
                    ["name"] = ShopName,
                    ["myshopifyDomain"] = $"{Domain}.myshopify.com",
                    ["currencyCode"] = CurrencyCode,
                    ["ianaTimezone"] = "Etc/UTC",
                },
            },
            ["extensions"] = new JsonObject { ["cost"] = Bucket.CostNode(cost, cost) },
        });
    }

    /// <summary>tagsAdd: adding a tag the order has is a no-op (expected; unconfirmed).</summary>
    public ProviderAnswer TagsAdd(JsonObject body)
    {
        const double cost = 10;
        if (!Bucket.TryTake(cost)) return Throttled(cost);
        var id = ReadString(body["id"]) ?? string.Empty;
        var tags = body["tags"] switch
        {
            JsonArray array => array.Select(t => ReadString(t) ?? string.Empty),
            JsonValue value => (ReadString(value) ?? string.Empty).Split(','),
            _ => Enumerable.Empty<string>(),
        };
        var clean = tags.Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
        var userErrors = new JsonArray();
        JsonNode? node = null;
        lock (_gate)
        {
            var order = _byCreated.FirstOrDefault(o => o.Id == id);
            if (order == null) userErrors.Add(new JsonObject { ["field"] = new JsonArray("id"), ["message"] = "Order does not exist" });
            else if (clean.Count == 0) userErrors.Add(new JsonObject { ["field"] = new JsonArray("tags"),
                ["message"] = "Tags can't be blank" });
            else
            {
                var changed = false;
                foreach (var tag in clean.Where(tag => !order.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase)))
                {
                    order.Tags.Add(tag);
                    changed = true;
                }
                if (changed) order.UpdatedAt = _clock.UtcNow;
                node = new JsonObject { ["id"] = order.Id };
            }
        }
        return ProviderAnswer.Ok(new JsonObject
        {
            ["data"] = new JsonObject { ["tagsAdd"] = new JsonObject { ["node"] = node, ["userErrors"] = userErrors } },
            ["extensions"] = new JsonObject { ["cost"] = Bucket.CostNode(cost, cost) },
        });
    }

    private List<EmulatedOrder> Ordered(string sortKey) => sortKey switch
    {
        "CREATED_AT" or "PROCESSED_AT" => _byCreated, // processedAt equals createdAt in this store
        "ID" or "ORDER_NUMBER" => _byNumber.Values.OrderBy(o => o.Number).ToList(),
        "UPDATED_AT" => _byCreated.OrderBy(o => o.UpdatedAt).ThenBy(o => o.Number).ToList(),
        _ => _byCreated.OrderBy(o => o.Total).ThenBy(o => o.Number).ToList(),
    };

    private int FirstCreatedAtOrAfter(DateTimeOffset bound)
    {
        int low = 0, high = _byCreated.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_byCreated[middle].CreatedAt < bound) low = middle + 1; else high = middle;
        }
        return low;
    }

    private static int IndexOf(List<EmulatedOrder> ordered, EmulatedOrder order, string sortKey, bool reverse)
    {
        var index = sortKey is "CREATED_AT" or "PROCESSED_AT" ? ordered.BinarySearch(order, ByCreated) : ordered.IndexOf(order);
        return reverse ? ordered.Count - 1 - index : index;
    }

    internal static string EncodeCursor(long number) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"last_id\":{number}}}"));

    internal static long? DecodeCursor(string cursor)
    {
        try
        {
            using var doc = JsonDocument.Parse(Convert.FromBase64String(cursor));
            return doc.RootElement.GetProperty("last_id").GetInt64();
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
