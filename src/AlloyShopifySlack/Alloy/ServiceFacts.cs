using System.Collections.Concurrent;

namespace AlloyShopifySlack.Alloy;

/// <summary>
/// What a connection learned about the service it talks to, by name, for the rest of the session: the Google
/// Sheets connector id, the credential listing that answers, and what Test-AlloyConnection -Deep found (the
/// Shopify page size that fits the cost limit, Slack's history page size ...). Names match the sync state's facts.
/// </summary>
public sealed class ServiceFacts
{
    public const string Envelope = "alloy.envelope";
    public const string CredentialListing = "alloy.credentialListing";
    public const string SheetsConnectorId = "sheets.connectorId";
    public const string ShopifyPageSize = "shopify.pageSize";
    public const string ShopifyMaxCost = "shopify.maxCost";
    public const string SlackHistoryPageSize = "slack.historyPageSize";
    public const string SlackMetadataInHistory = "slack.metadataInHistory";
    public const string SlackSchemaDeclaresMetadata = "slack.schemaDeclaresMetadata";

    private readonly ConcurrentDictionary<string, string> _facts = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

    public string? Get(string name) => _facts.TryGetValue(name, out var value) ? value : null;

    public int? GetInt(string name) => int.TryParse(Get(name), System.Globalization.NumberStyles.Integer,
        System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : (int?)null;

    public void Set(string name, string? value)
    {
        if (value == null) _facts.TryRemove(name, out _);
        else _facts[name] = value;
    }

    public IReadOnlyDictionary<string, string> All => _facts.OrderBy(f => f.Key, StringComparer.Ordinal).ToDictionary(f => f.Key,
        f => f.Value, StringComparer.Ordinal);
}
