using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Slack;

/// <summary>
/// One message for a burst of orders: a line per order, packed into sections, with the same escaping and limits
/// as single alerts. Its metadata and its block ids name every order it covers, so a later run can find it
/// (conversations.history) and know that all of them were alerted.
/// </summary>
public static class OrderDigestBuilder
{
    public const string DigestEventType = "shopify_order_digest";

    /// <summary>Most orders one digest covers: keeps the metadata small and, in practice, every order listed.</summary>
    public const int MaxOrders = 100;

    /// <summary>
    /// Slack refuses messages whose blocks hold much more than ~13k characters (msg_blocks_too_long, observed,
    /// not documented), so the listing stops well before; the rest is counted in "…and N more".
    /// </summary>
    public const int ListingBudget = 11000;

    /// <summary>
    /// The digest of <paramref name="orders"/>. With <paramref name="digestId"/> its first block's id is
    /// <c>alloy-digest:&lt;id&gt;</c>; every block that lists orders (and each "…and N more") names them in its own
    /// <c>alloy-orders:</c> block id, so the digest is found by order even when Alloy drops the metadata.
    /// </summary>
    public static SlackMessage Build(IReadOnlyList<ShopifyOrder> orders, OrderMessageOptions options, string? digestId = null)
    {
        if (orders == null) throw new ArgumentNullException(nameof(orders));
        if (orders.Count == 0) throw new ArgumentException("A digest needs at least one order.", nameof(orders));
        if (orders.Count > MaxOrders)
            throw new ArgumentException($"A digest covers at most {MaxOrders} orders ({orders.Count} given); use BuildDigests to split " +
                "them.", nameof(orders));

        var count = orders.Count;
        var blocks = new JsonArray
        {
            BlockKit.Header($"🎉 {count} High-Value Order{(count == 1 ? "" : "s")}",
                (digestId == null ? null : AlertBlockIds.ForDigest(digestId)) ?? "digest_header"),
            BlockKit.Context("*Total:* " + OrderFormat.Totals(orders), "digest_totals"),
        };
        // Room for the header, the totals, the "…and N more" blocks and the divider.
        var maxSections = BlockKitLimits.MaxBlocks - 12;
        var listed = 0;
        var budget = ListingBudget;
        var section = new StringBuilder();
        var sectionOrders = new List<string>();
        foreach (var order in orders)
        {
            var line = Line(order, options);
            if (line.Length > budget) break;
            var full = section.Length > 0 && (section.Length + 1 + line.Length > BlockKitLimits.SectionText
                || !AlertBlockIds.Fits(sectionOrders.Append(order.Id)));
            if (full)
            {
                if (blocks.Count - 2 + 1 >= maxSections) break;
                blocks.Add(BlockKit.Section(section.ToString(), AlertBlockIds.ForOrders(sectionOrders)));
                section.Clear();
                sectionOrders.Clear();
            }
            if (section.Length > 0) section.Append('\n');
            section.Append(line);
            sectionOrders.Add(order.Id);
            budget -= line.Length + 1;
            listed++;
        }
        if (section.Length > 0) blocks.Add(BlockKit.Section(section.ToString(), AlertBlockIds.ForOrders(sectionOrders)));
        AddUnlisted(blocks, orders.Skip(listed).ToList());
        blocks.Add(BlockKit.Divider());
        var adjustments = new List<string>();
        BlockKitLimits.Enforce(blocks, adjustments);

        return new SlackMessage(FallbackText(orders))
        {
            Blocks = blocks,
            Metadata = Metadata(orders, digestId),
            Adjustments = adjustments,
        };
    }

    /// <summary>"…and N more: #1079, #1080", in as many context blocks as their block ids need.</summary>
    private static void AddUnlisted(JsonArray blocks, IReadOnlyList<ShopifyOrder> unlisted)
    {
        var chunks = new List<List<ShopifyOrder>>();
        foreach (var order in unlisted)
        {
            if (chunks.Count == 0 || !AlertBlockIds.Fits(chunks[chunks.Count - 1].Append(order).Select(o => o.Id))) chunks.Add(
                new List<ShopifyOrder>());
            chunks[chunks.Count - 1].Add(order);
        }
        for (var n = 0; n < chunks.Count; n++)
        {
            var names = string.Join(", ", chunks[n].Select(o => SlackText.EscapeMrkdwn(o.Name)));
            var text = (n == 0 ? $"{SlackText.Ellipsis}and {unlisted.Count} more: " : string.Empty) + names;
            blocks.Add(BlockKit.Context(SlackText.TruncateMrkdwn(text, 300), AlertBlockIds.ForOrders(chunks[n].Select(o => o.Id))));
        }
    }

    public static IReadOnlyList<SlackMessage> BuildAll(IReadOnlyList<ShopifyOrder> orders, OrderMessageOptions options)
    {
        var messages = new List<SlackMessage>();
        for (var start = 0; start < orders.Count; start += MaxOrders)
            messages.Add(Build(orders.Skip(start).Take(MaxOrders).ToList(), options));
        return messages;
    }

    /// <summary>{event_type: shopify_order_digest, event_payload: {order_ids: "id1,id2,…", order_count, digest_id?}}.</summary>
    public static JsonObject Metadata(IReadOnlyList<ShopifyOrder> orders, string? digestId = null)
    {
        var payload = new JsonObject
        {
            ["order_ids"] = string.Join(",", orders.Select(o => o.Id)),
            ["order_count"] = orders.Count,
        };
        if (digestId != null) payload["digest_id"] = digestId;
        return new JsonObject { ["event_type"] = DigestEventType, ["event_payload"] = payload };
    }

    /// <summary>The order ids a digest's event_payload names (for reconciliation).</summary>
    public static IReadOnlyList<string> OrderIds(System.Text.Json.JsonElement payload)
    {
        if (payload.ValueKind != System.Text.Json.JsonValueKind.Object || !payload.TryGetProperty("order_ids", out var ids)
            || ids.ValueKind != System.Text.Json.JsonValueKind.String) return Array.Empty<string>();
        return (ids.GetString() ?? string.Empty).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Line(ShopifyOrder order, OrderMessageOptions options)
    {
        var name = OrderFormat.Link(OrderFormat.AdminUrl(order, options.StoreDomain), order.Name);
        var line = $"• *{name}* — {OrderFormat.Money(order.Total, order.Currency)} — {OrderFormat.Customer(order)}";
        return SlackText.TruncateMrkdwn(line, 500);
    }

    private static string FallbackText(IReadOnlyList<ShopifyOrder> orders)
    {
        var names = string.Join(", ", orders.Select(o => SlackText.EscapeMrkdwn(o.Name)));
        var text = $"🎉 {orders.Count} high-value order{(orders.Count == 1 ? "" : "s")}: {names}";
        return SlackText.TruncateMrkdwn(text, 1000);
    }
}
