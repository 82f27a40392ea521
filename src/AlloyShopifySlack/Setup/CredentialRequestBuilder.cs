using System.Text.RegularExpressions;
using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Setup;

/// <summary>The body of POST /connectors/{c}/credentials and what was learnt building it.</summary>
/// <param name="StoreField">Where the store went (data.shopName, shopSubdomain ...), when one was given.</param>
/// <param name="Note">Something the user should know (the schema named no store field, so a guess was used).</param>
public sealed record CredentialRequest(JsonObject Body, string AuthenticationType, CredentialField? StoreField, string? Note);

/// <summary>
/// Builds the create-credential body from the connector's credential metadata: userId, authenticationType,
/// redirectUri, and the connector's own fields under the names its inputSchema gives (never hard-coded).
/// </summary>
public static class CredentialRequestBuilder
{
    private static readonly Regex Subdomain = new Regex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant);

    /// <summary>The OAuth 2.0 entry of the metadata (Connect-* are OAuth consent flows), else the only entry.</summary>
    public static AlloyCredentialMetadata ChooseOAuth(IReadOnlyList<AlloyCredentialMetadata> metadata, string connectorId)
    {
        var oauth = metadata.FirstOrDefault(m => m.AuthenticationType.StartsWith("oauth", StringComparison.OrdinalIgnoreCase));
        if (oauth != null) return oauth;
        if (metadata.Count == 0)
            return new AlloyCredentialMetadata { ConnectorId = connectorId, AuthenticationType = "oauth2" };
        var types = string.Join(", ", metadata.Select(m => m.AuthenticationType));
        throw new OnboardingException("CredentialOAuthUnsupported", OnboardingFailure.UnexpectedAnswer,
            $"Alloy's '{connectorId}' connector offers no OAuth sign-in (its credential types: {types}).",
            $"Create the credential another way (see Get-AlloyCredentialMetadata -ConnectorId {connectorId}).");
    }

    public static CredentialRequest Build(AlloyCredentialMetadata metadata, string userId, Uri redirectUri, string? storeName)
    {
        var authenticationType = string.IsNullOrEmpty(metadata.AuthenticationType) ? "oauth2" : metadata.AuthenticationType;
        var body = new JsonObject
        {
            ["userId"] = userId,
            ["authenticationType"] = authenticationType,
            ["redirectUri"] = redirectUri.AbsoluteUri,
        };

        var fields = CredentialSchema.ConnectorFields(metadata.InputSchema);
        CredentialField? storeField = null;
        string? note = null;
        if (!string.IsNullOrEmpty(storeName))
        {
            storeField = CredentialSchema.StoreField(fields) ?? CredentialSchema.StoreField(
                CredentialSchema.SampleFields(metadata.SampleInput));
            if (storeField == null)
            {
                // The schema is silent; the guide's own request shape is the best remaining evidence.
                storeField = new CredentialField("data", "shopName", true);
                note = $"Alloy's credential schema for '{metadata.ConnectorId}' names no store field; sending the store as data.shopName.";
            }
            Set(body, storeField, StoreValue(storeField, storeName!));
        }

        var missing = fields.Where(f => f.Required && !IsSet(body, f)).Select(f => f.Path).ToList();
        if (missing.Count > 0)
            throw new OnboardingException("CredentialFieldsMissing", OnboardingFailure.InvalidInput,
                $"Alloy's '{metadata.ConnectorId}' credential needs {string.Join(", ", missing)}, which this command does not " +
                    "know how to fill.",
                $"See Get-AlloyCredentialMetadata -ConnectorId {metadata.ConnectorId}" +
                (storeName == null ? " (for Shopify, pass -ShopName)." : "."));
        return new CredentialRequest(body, authenticationType, storeField, note);
    }

    /// <summary>
    /// Accepts "my-store", "my-store.myshopify.com" or "https://my-store.myshopify.com/admin" and gives the form the
    /// field's name asks for: the bare subdomain, or the full myshopify.com domain for a "...domain" field.
    /// </summary>
    public static string StoreValue(CredentialField field, string input)
    {
        var text = input.Trim().ToLowerInvariant();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) text = text.Substring(scheme + 3);
        var slash = text.IndexOf('/');
        if (slash >= 0) text = text.Substring(0, slash);
        const string suffix = ".myshopify.com";
        var subdomain = text.EndsWith(suffix, StringComparison.Ordinal) ? text.Substring(0, text.Length - suffix.Length) : text;
        if (!Subdomain.IsMatch(subdomain))
            throw new OnboardingException("ShopNameInvalid", OnboardingFailure.InvalidInput,
                $"'{input}' is not a Shopify store name: expected the myshopify.com subdomain, such as 'my-store' (from " +
                    "my-store.myshopify.com).",
                "Pass -ShopName with your store's myshopify.com subdomain (Shopify admin → Settings → Domains).");
        var wantsDomain = field.Name.IndexOf("domain", StringComparison.OrdinalIgnoreCase) >= 0 &&
                          field.Name.IndexOf("subdomain", StringComparison.OrdinalIgnoreCase) < 0;
        return wantsDomain ? subdomain + suffix : subdomain;
    }

    private static void Set(JsonObject body, CredentialField field, string value)
    {
        if (field.Parent == null)
        {
            body[field.Name] = value;
            return;
        }
        if (!(body[field.Parent] is JsonObject parent))
        {
            parent = new JsonObject();
            body[field.Parent] = parent;
        }
        parent[field.Name] = value;
    }

    private static bool IsSet(JsonObject body, CredentialField field) =>
        field.Parent == null ? body[field.Name] != null : body[field.Parent] is JsonObject parent && parent[field.Name] != null;
}
