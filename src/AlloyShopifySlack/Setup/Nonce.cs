using System.Security.Cryptography;

namespace AlloyShopifySlack.Setup;

/// <summary>Unguessable URL-safe tokens (256 bits from the OS's cryptographic generator).</summary>
internal static class Nonce
{
    public static string New()
    {
        var bytes = new byte[32];
        using (var random = RandomNumberGenerator.Create()) random.GetBytes(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
