using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Setup
{
    /// <summary>
    /// Cheap read-only calls that prove a credential works (the guide's health check): Shopify getShop (or a one-order
    /// listOrders when the connector has no getShop), Slack auth_test. Each returns a one-line detail or throws.
    /// </summary>
    public static class ConnectorProbes
    {
        public static async Task<string> ShopifyAsync(AlloyClient client, string connectorId, string credentialId, CancellationToken ct)
        {
            JsonElement answer;
            try
            {
                answer = await client.ExecuteAsync(connectorId, "getShop", new ActionRequest(credentialId) { Idempotent = true }, ct).ConfigureAwait(false);
            }
            catch (AlloyNotFoundException ex) when (ex.KnownIds.Count > 0 && !ex.KnownIds.Contains("getShop"))
            {
                var orders = await ReadOrdersAsync(client, connectorId, credentialId, 1, ct).ConfigureAwait(false);
                return $"Read {orders} order(s) with listOrders (the connector has no getShop).";
            }
            ThrowOnGraphQlErrors(answer, "getShop");
            var shop = JsonRead.Path(answer, "data", "shop") ?? JsonRead.Property(answer, "shop") ?? answer;
            var name = JsonRead.String(shop, "name");
            var domain = JsonRead.String(shop, "myshopifyDomain") ?? JsonRead.String(shop, "domain");
            if (name == null && domain == null) return "getShop answered.";
            return $"Shop '{name ?? domain}'" + (domain != null && name != null ? $" ({domain})" : string.Empty) + ".";
        }

        /// <summary>Reads up to <paramref name="count"/> orders with listOrders; returns how many came back.</summary>
        public static async Task<int> ReadOrdersAsync(AlloyClient client, string connectorId, string credentialId, int count, CancellationToken ct)
        {
            var request = new ActionRequest(credentialId) { Idempotent = true, QueryParameters = new JsonObject { ["first"] = count } };
            var answer = await client.ExecuteAsync(connectorId, "listOrders", request, ct).ConfigureAwait(false);
            ThrowOnGraphQlErrors(answer, "listOrders");
            var orders = JsonRead.Path(answer, "data", "orders") ?? JsonRead.Property(answer, "orders");
            if (orders == null) return JsonRead.Array(JsonRead.Property(answer, "data")).Count();
            var edges = JsonRead.Property(orders.Value, "edges");
            return edges != null ? JsonRead.Array(edges).Count() : JsonRead.Array(JsonRead.Property(orders.Value, "nodes") ?? orders).Count();
        }

        public static async Task<string> SlackAsync(AlloyClient client, string connectorId, string credentialId, CancellationToken ct)
        {
            var answer = await client.ExecuteAsync(connectorId, "auth_test", new ActionRequest(credentialId) { Idempotent = true }, ct).ConfigureAwait(false);
            if (JsonRead.Bool(answer, "ok") == false)
            {
                var code = JsonRead.String(answer, "error") ?? "unknown_error";
                throw new ProviderException("Slack", code, $"Slack refused auth.test: {code}.");
            }
            var team = JsonRead.String(answer, "team");
            var user = JsonRead.String(answer, "user");
            return team == null ? "auth.test answered ok." : $"Workspace '{team}'" + (user != null ? $" as {user}" : string.Empty) + ".";
        }

        private static void ThrowOnGraphQlErrors(JsonElement answer, string action)
        {
            var errors = JsonRead.Array(JsonRead.Property(answer, "errors")).ToList();
            if (errors.Count == 0) return;
            var first = errors[0];
            var code = JsonRead.String(JsonRead.Property(first, "extensions") ?? default, "code") ?? "GRAPHQL_ERROR";
            throw new ProviderException("Shopify", code, $"Shopify refused {action}: {JsonRead.String(first, "message") ?? code}.");
        }
    }
}
