using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Alloy;

/// <summary>
/// Request bodies go to the debug stream; some carry other secrets than our key (a credential's API key or
/// password, a token header). Values under names that look secret are masked in the logged copy.
/// </summary>
public static class JsonRedaction
{
    private static readonly string[] SecretWords = { "token", "secret", "password", "passwd", "apikey", "api_key", "api-key",
        "authorization", "privatekey", "private_key", "clientsecret" };

    public static bool IsSecretName(string name)
    {
        var lower = name.ToLowerInvariant();
        return SecretWords.Any(word => lower.Contains(word));
    }

    public static string ForLog(JsonNode node)
    {
        var copy = node.DeepClone();
        Mask(copy);
        return copy.ToJsonString();
    }

    private static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (IsSecretName(name) && obj[name] is JsonValue) obj[name] = SecretText.Mask;
                    else Mask(obj[name]);
                }
                break;
            case JsonArray array:
                foreach (var item in array) Mask(item);
                break;
        }
    }
}
