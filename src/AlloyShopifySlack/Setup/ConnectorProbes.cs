using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Setup;

/// <summary>
/// Cheap read-only calls that prove a credential works (the guide's health check): Shopify getShop (or a one-order
/// listOrders when the connector has no getShop), Slack auth_test. Each returns a one-line detail or throws.
/// </summary>
public static class ConnectorProbes
{
    public static async Task<string> ShopifyAsync(AlloyClient client, string connectorId, string credentialId, CancellationToken ct)
    {
        ShopifyShop shop;
        try
        {
            shop = await new ShopifyClient(client, credentialId, connectorId).GetShopAsync(ct).ConfigureAwait(false);
        }
        catch (AlloyNotFoundException ex) when (ex.KnownIds.Count > 0 && !ex.KnownIds.Contains(ShopifyClient.GetShopAction))
        {
            var orders = await ReadOrdersAsync(client, connectorId, credentialId, 1, ct).ConfigureAwait(false);
            return $"Read {orders} order(s) with listOrders (the connector has no getShop).";
        }
        var name = string.IsNullOrEmpty(shop.Name) ? shop.MyshopifyDomain ?? "(unnamed)" : shop.Name;
        return $"Shop '{name}'" + (shop.MyshopifyDomain != null && name != shop.MyshopifyDomain
            ? $" ({shop.MyshopifyDomain})" : string.Empty) + ".";
    }

    /// <summary>Reads up to <paramref name="count"/> recent orders; returns how many came back.</summary>
    public static async Task<int> ReadOrdersAsync(AlloyClient client, string connectorId, string credentialId, int count,
        CancellationToken ct)
    {
        var shopify = new ShopifyClient(client, credentialId, connectorId) { LookUpStoreDomain = false };
        var read = 0;
        await foreach (var _ in shopify.ReadOrdersAsync(new OrderQuery { Limit = count, PageSize = count }, ct)
            .ConfigureAwait(false)) read++;
        return read;
    }

    public static async Task<string> SlackAsync(AlloyClient client, string connectorId, string credentialId, CancellationToken ct)
    {
        var who = await new SlackClient(client, credentialId, connectorId).AuthTestAsync(ct).ConfigureAwait(false);
        if (who.Team == null) return "auth.test answered ok.";
        return $"Workspace '{who.Team}'" + (who.User != null ? $" as {who.User}" : string.Empty) + ".";
    }
}
