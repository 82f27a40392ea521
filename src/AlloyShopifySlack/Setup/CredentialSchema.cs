using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Setup;

/// <summary>A connector-specific field of the create-credential body, e.g. data.shopName or shopSubdomain.</summary>
public sealed class CredentialField
{
    public CredentialField(string? parent, string name, bool required)
    {
        Parent = parent;
        Name = name;
        Required = required;
    }

    /// <summary>The enclosing object ("data"), or null for a top-level field.</summary>
    public string? Parent { get; }
    public string Name { get; }
    public bool Required { get; }
    public string Path => Parent == null ? Name : Parent + "." + Name;
    public override string ToString() => Path;
}

/// <summary>
/// Reads a connector's credential inputSchema (GET /connectors/{c}/credentials/metadata). The standard fields are
/// filled by the flow; the
/// rest are the connector's own, and their names differ between sources, so they are discovered here.
/// </summary>
public static class CredentialSchema
{
    public static readonly IReadOnlyCollection<string> StandardFields =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "userId", "authenticationType", "redirectUri", "authConfigId" };

    private static readonly string[] StoreHints = { "subdomain", "shop", "store", "domain" };

    /// <summary>The connector fields named by the schema (top level and one nested object such as "data").</summary>
    public static IReadOnlyList<CredentialField> ConnectorFields(JsonElement schema)
    {
        var fields = new List<CredentialField>();
        if (schema.ValueKind != JsonValueKind.Object) return fields;
        var required = RequiredNames(schema);
        var properties = JsonRead.Property(schema, "properties");
        if (properties != null && properties.Value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.Value.EnumerateObject())
            {
                if (StandardFields.Contains(property.Name)) continue;
                if (IsObjectSchema(property.Value)) fields.AddRange(Nested(property.Name, property.Value,
                    required.Contains(property.Name)));
                else fields.Add(new CredentialField(null, property.Name, required.Contains(property.Name)));
            }
        }
        // The second official example puts "data" beside "properties" rather than inside it.
        var data = JsonRead.Property(schema, "data");
        if (data != null && IsObjectSchema(data.Value) && fields.All(f => f.Parent != "data"))
            fields.AddRange(Nested("data", data.Value, parentRequired: true));
        return fields;
    }

    /// <summary>Field paths present in a sample body (sampleInput), for schemas that name no connector field.</summary>
    public static IReadOnlyList<CredentialField> SampleFields(JsonElement sample)
    {
        var fields = new List<CredentialField>();
        if (sample.ValueKind != JsonValueKind.Object) return fields;
        foreach (var property in sample.EnumerateObject())
        {
            if (StandardFields.Contains(property.Name)) continue;
            if (property.Value.ValueKind == JsonValueKind.Object)
                fields.AddRange(property.Value.EnumerateObject().Select(p => new CredentialField(property.Name, p.Name, true)));
            else
                fields.Add(new CredentialField(null, property.Name, true));
        }
        return fields;
    }

    /// <summary>The field that takes the Shopify store (a required one first, then by its name), or null.</summary>
    public static CredentialField? StoreField(IReadOnlyList<CredentialField> fields)
    {
        int Score(CredentialField field)
        {
            var hint = Array.FindIndex(StoreHints, h => field.Name.IndexOf(h, StringComparison.OrdinalIgnoreCase) >= 0);
            return (field.Required ? 0 : 10) + (hint >= 0 ? hint : 5);
        }
        var candidates = fields.Where(f => f.Required || StoreHints.Any(h =>
            f.Name.IndexOf(h, StringComparison.OrdinalIgnoreCase) >= 0)).ToList();
        return candidates.OrderBy(Score).FirstOrDefault();
    }

    private static IEnumerable<CredentialField> Nested(string parent, JsonElement schema, bool parentRequired)
    {
        var required = RequiredNames(schema);
        var properties = JsonRead.Property(schema, "properties");
        if (properties == null || properties.Value.ValueKind != JsonValueKind.Object) yield break;
        foreach (var property in properties.Value.EnumerateObject())
            yield return new CredentialField(parent, property.Name, parentRequired && required.Contains(property.Name));
    }

    private static bool IsObjectSchema(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object &&
        (JsonRead.String(element, "type") == "object" || JsonRead.Property(element, "properties") != null);

    private static HashSet<string> RequiredNames(JsonElement schema) => new HashSet<string>(
        JsonRead.Array(JsonRead.Property(schema, "required")).Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!),
        StringComparer.Ordinal);
}
