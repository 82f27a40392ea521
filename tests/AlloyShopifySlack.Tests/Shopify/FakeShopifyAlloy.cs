using System.Net;
using System.Text.RegularExpressions;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Tests.Shopify;

/// <summary>
/// A small Alloy stand-in for the Shopify actions, as an HttpMessageHandler: listOrders with the created_at and id:&gt;
/// filters, sortKey CREATED_AT or ID, cursors (or none, to test the window fallback), getShop and tagsAdd.
/// Scripted answers (THROTTLED, 429, anything) are served first, one per call.
/// </summary>
internal sealed class FakeShopifyAlloy : HttpMessageHandler
{
    public List<FakeOrder> Orders { get; } = new();
    /// <summary>False: listOrders answers carry no pageInfo (Alloy not passing cursors through).</summary>
    public bool WithPageInfo { get; set; } = true;
    public bool HonourIdFilter { get; set; } = true;
    public bool HonourSortKey { get; set; } = true;
    /// <summary>False: `after` is ignored (every page is the first) while pageInfo still says there is more.</summary>
    public bool HonourAfter { get; set; } = true;
    /// <summary>False: the created_at terms of the query are ignored.</summary>
    public bool HonourCreatedAt { get; set; } = true;
    /// <summary>Answers to give before the normal ones, in order (HTTP status, body, extra header).</summary>
    public Queue<(HttpStatusCode Status, string Body, string? RetryAfter)> Scripted { get; } = new();
    public List<JsonObject> ListOrdersCalls { get; } = new();
    public List<JsonObject> TagCalls { get; } = new();
    public int GetShopCalls;
    public string? TagsAddUserError { get; set; }
    public Func<int, JsonObject, JsonObject?>? Transform { get; set; }
    public Action<int>? BeforeListOrders { get; set; }

    public static AlloyClient Client(FakeShopifyAlloy handler, IClock clock) =>
        new(new AlloyClientOptions(new Uri("http://alloy.test/"), SecretText.ToSecureString("test-key-123456789"), "test")
        {
            UserId = "64b000000000000000000001",
            Clock = clock,
            RetryPolicy = new RetryPolicy { MaxAttempts = 3 },
        }, handler);

    /// <summary>Orders created <paramref name="count"/> at a time, one second apart unless said otherwise.</summary>
    public void AddOrders(int count, DateTimeOffset start, TimeSpan? step = null)
    {
        var gap = step ?? TimeSpan.FromSeconds(1);
        for (var i = 0; i < count; i++) Add(start + TimeSpan.FromTicks(gap.Ticks * i));
    }

    public FakeOrder Add(DateTimeOffset createdAt, string total = "10.00")
    {
        var order = new FakeOrder(1000 + Orders.Count + 1, createdAt, total);
        Orders.Add(order);
        return order;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = request.RequestUri!.AbsolutePath;
        var body = request.Content == null ? new JsonObject() : JsonNode.Parse(
            await request.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        if (request.Method == HttpMethod.Get && Regex.IsMatch(path, "actions/[^/]+$"))
        {
            // The action schema, which the client reads to explain a 400; nothing is declared required here.
            var schema = new JsonObject { ["action"] = new JsonObject { ["id"] = path.Split('/').Last(),
                ["parameters"] = new JsonArray() } };
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(schema.ToJsonString(), Encoding.UTF8,
                "application/json") };
        }
        var action = Regex.Match(path, "actions/([^/]+)/execute").Groups[1].Value;
        if (action == "listOrders") ListOrdersCalls.Add(body);
        if (Scripted.Count > 0)
        {
            var (status, text, retryAfter) = Scripted.Dequeue();
            var scripted = new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
            if (retryAfter != null) scripted.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
            return scripted;
        }
        JsonNode answer = action switch
        {
            "listOrders" => ListOrders(body["queryParameters"]!.AsObject()),
            "getShop" => GetShop(),
            "tagsAdd" => TagsAdd(body),
            _ => throw new InvalidOperationException("unexpected action " + action),
        };
        var envelope = new JsonObject { ["executionId"] = "exec_1", ["status"] = "completed", ["responseData"] = answer };
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(envelope.ToJsonString(), Encoding.UTF8,
            "application/json") };
    }

    private JsonNode ListOrders(JsonObject parameters)
    {
        BeforeListOrders?.Invoke(ListOrdersCalls.Count);
        var first = parameters["first"]!.GetValue<int>();
        var query = (string?)parameters["query"] ?? string.Empty;
        var sortKey = (string?)parameters["sortKey"] ?? "PROCESSED_AT";
        IEnumerable<FakeOrder> matching = Orders;
        foreach (Match m in Regex.Matches(HonourCreatedAt ? query : string.Empty, @"created_at:(>=|<|>|<=)'([^']+)'"))
        {
            var bound = DateTimeOffset.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            matching = m.Groups[1].Value switch
            {
                ">=" => matching.Where(o => o.CreatedAt >= bound),
                ">" => matching.Where(o => o.CreatedAt > bound),
                "<" => matching.Where(o => o.CreatedAt < bound),
                _ => matching.Where(o => o.CreatedAt <= bound),
            };
        }
        var idFilter = Regex.Match(query, @"id:>(\d+)");
        if (idFilter.Success && HonourIdFilter) matching = matching.Where(
            o => o.Number > long.Parse(idFilter.Groups[1].Value, CultureInfo.InvariantCulture));
        var idBelow = Regex.Match(query, @"id:<(\d+)");
        if (idBelow.Success && HonourIdFilter) matching = matching.Where(o =>
            o.Number < long.Parse(idBelow.Groups[1].Value, CultureInfo.InvariantCulture));
        var sorted = !HonourSortKey ? matching.OrderBy(o => o.Number % 7).ThenBy(o => o.Number).ToList()
            : sortKey == "ID" ? matching.OrderBy(o => o.Number).ToList()
            : matching.OrderBy(o => o.CreatedAt).ThenBy(o => o.Number).ToList();
        if ((bool?)parameters["reverse"] == true) sorted.Reverse();
        var start = parameters["after"] is JsonNode after && HonourAfter ? int.Parse(((string)after!).Substring(1),
            CultureInfo.InvariantCulture) : 0;
        var page = sorted.Skip(start).Take(first).ToList();
        var connection = new JsonObject
        {
            ["edges"] = new JsonArray(page.Select(o => (JsonNode)new JsonObject { ["cursor"] = "c", ["node"] = o.ToNode() }).ToArray()),
        };
        var index = ListOrdersCalls.Count - 1;
        if (WithPageInfo)
        {
            var end = start + page.Count;
            connection["pageInfo"] = new JsonObject { ["hasNextPage"] = end < sorted.Count,
                ["endCursor"] = "c" + end.ToString(CultureInfo.InvariantCulture) };
        }
        var answer = new JsonObject { ["data"] = new JsonObject { ["orders"] = connection } };
        return Transform?.Invoke(index, answer) ?? answer;
    }

    private JsonNode GetShop()
    {
        GetShopCalls++;
        return new JsonObject { ["data"] = new JsonObject { ["shop"] = new JsonObject { ["name"] = "Demo Store",
            ["myshopifyDomain"] = "demo-store.myshopify.com", ["currencyCode"] = "USD" } } };
    }

    private JsonNode TagsAdd(JsonObject body)
    {
        TagCalls.Add(body);
        var errors = new JsonArray();
        if (TagsAddUserError != null) errors.Add(new JsonObject { ["field"] = new JsonArray("tags"), ["message"] = TagsAddUserError });
        return new JsonObject { ["data"] = new JsonObject { ["tagsAdd"] = new JsonObject { ["node"] =
            new JsonObject { ["id"] = (string?)body["requestBody"]?["id"] }, ["userErrors"] = errors } } };
    }

    public static string Throttled(double requested, double available, double restoreRate) => new JsonObject
    {
        ["executionId"] = "exec_t",
        ["status"] = "completed",
        ["responseData"] = new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject { ["message"] = "Throttled",
                ["extensions"] = new JsonObject { ["code"] = "THROTTLED" } }),
            ["extensions"] = new JsonObject
            {
                ["cost"] = new JsonObject
                {
                    ["requestedQueryCost"] = requested,
                    ["actualQueryCost"] = null,
                    ["throttleStatus"] = new JsonObject { ["maximumAvailable"] = 1000.0, ["currentlyAvailable"] = available,
                        ["restoreRate"] = restoreRate },
                },
            },
        },
    }.ToJsonString();
}

internal sealed record FakeOrder(long Number, DateTimeOffset CreatedAt, string Total)
{
    public string Id => "gid://shopify/Order/" + Number.ToString(CultureInfo.InvariantCulture);

    public JsonObject ToNode() => new()
    {
        ["id"] = Id,
        ["name"] = "#" + Number.ToString(CultureInfo.InvariantCulture),
        ["createdAt"] = CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["totalPriceSet"] = new JsonObject { ["shopMoney"] = new JsonObject { ["amount"] = Total, ["currencyCode"] = "USD" } },
    };
}
