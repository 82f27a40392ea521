using System.Security.Cryptography;

namespace AlloyShopifySlack.Emulator.Infrastructure;

/// <summary>Alloy ids are 24-hex MongoDB ObjectIds, as the real API's are.</summary>
public static class Ids
{
    public static string NewObjectId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    /// <summary>A deterministic id for seeded records, so that a given seed always gives the same tenant.</summary>
    public static string SeededObjectId(Random random)
    {
        var bytes = new byte[12];
        random.NextBytes(bytes);
        return Convert.ToHexString(bytes).ToLowerInvariant();
    }

    public static bool IsObjectId(string? value) =>
        value is { Length: 24 } && value.All(Uri.IsHexDigit);

    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
