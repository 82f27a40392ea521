using System.Security;
using System.Security.Cryptography;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>What the check of one request's Slack signature found.</summary>
public enum SignatureVerdict
{
    Valid,
    /// <summary>X-Slack-Signature or X-Slack-Request-Timestamp is absent.</summary>
    Missing,
    /// <summary>The timestamp is not a number of seconds.</summary>
    Malformed,
    /// <summary>The timestamp is more than five minutes from now.</summary>
    Stale,
    /// <summary>The signature does not match the body and timestamp.</summary>
    Mismatch,
    /// <summary>A correctly signed request that was already accepted once.</summary>
    Replayed,
}

/// <summary>
/// Verifies Slack's v0 request signatures (X-Slack-Signature, X-Slack-Request-Timestamp): HMAC-SHA256 of
/// "v0:{timestamp}:{raw body}" keyed with the
/// signing secret, compared in constant time; stale timestamps and replays are refused. Thread-safe.
/// </summary>
public sealed class SlackSignatureVerifier : IDisposable
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private const string Version = "v0";

    private readonly byte[] _key;
    private readonly IClock _clock;
    private readonly ReplayGuard? _replays;

    /// <param name="signingSecret">The app's signing secret; kept only as key bytes, never as text.</param>
    /// <param name="replays">Remembers accepted signatures; null turns replay detection off (tests of the bare algorithm).</param>
    public SlackSignatureVerifier(SecureString signingSecret, IClock? clock = null, ReplayGuard? replays = null)
        : this(KeyOf(signingSecret), clock, replays) { }

    public SlackSignatureVerifier(string signingSecret, IClock? clock = null, ReplayGuard? replays = null)
        : this(Encoding.UTF8.GetBytes(signingSecret ?? throw new ArgumentNullException(nameof(signingSecret))), clock, replays) { }

    private SlackSignatureVerifier(byte[] key, IClock? clock, ReplayGuard? replays)
    {
        if (key.Length == 0) throw new ArgumentException("The Slack signing secret is empty.", nameof(key));
        _key = key;
        _clock = clock ?? SystemClock.Instance;
        _replays = replays;
    }

    private static byte[] KeyOf(SecureString secret)
    {
        if (secret == null) throw new ArgumentNullException(nameof(secret));
        return Encoding.UTF8.GetBytes(SecretText.Reveal(secret));
    }

    /// <summary>Checks the headers against the raw body bytes exactly as received (before any form or JSON parsing).</summary>
    public SignatureVerdict Verify(string? timestampHeader, string? signatureHeader, byte[] body, int offset, int count)
    {
        if (string.IsNullOrEmpty(timestampHeader) || string.IsNullOrEmpty(signatureHeader)) return SignatureVerdict.Missing;
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture,
            out var seconds)) return SignatureVerdict.Malformed;

        var now = _clock.UtcNow.ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > (long)Tolerance.TotalSeconds) return SignatureVerdict.Stale;

        var expected = Encoding.ASCII.GetBytes(Compute(_key, timestampHeader!, body, offset, count));
        var given = Encoding.ASCII.GetBytes(signatureHeader!.Trim());
        if (!FixedTimeEquals(expected, given)) return SignatureVerdict.Mismatch;

        // Recorded only once the signature is proven, so that forged requests cannot fill the cache.
        if (_replays != null && !_replays.TryRecord(signatureHeader.Trim(), DateTimeOffset.FromUnixTimeSeconds(seconds) + Tolerance))
            return SignatureVerdict.Replayed;
        return SignatureVerdict.Valid;
    }

    public SignatureVerdict Verify(string? timestampHeader, string? signatureHeader, byte[] body) =>
        Verify(timestampHeader, signatureHeader, body, 0, body.Length);

    /// <summary>"v0=" + hex HMAC-SHA256 over "v0:{timestamp}:{body}" — what Slack (and the emulator's click) sends.</summary>
    public static string ComputeSignature(string signingSecret, string timestamp, byte[] body) =>
        Compute(Encoding.UTF8.GetBytes(signingSecret), timestamp, body, 0, body.Length);

    private static string Compute(byte[] key, string timestamp, byte[] body, int offset, int count)
    {
        using var hmac = new HMACSHA256(key);
        var prefix = Encoding.UTF8.GetBytes(Version + ":" + timestamp + ":");
        hmac.TransformBlock(prefix, 0, prefix.Length, null, 0);
        hmac.TransformFinalBlock(body, offset, count);
        return Version + "=" + ToHex(hmac.Hash!);
    }

    private static string ToHex(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes) text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>
    /// Compares without an early exit, so the time taken does not reveal how many leading bytes matched
    /// (netstandard2.0 has no CryptographicOperations.FixedTimeEquals). Lengths are public: signatures have one shape.
    /// </summary>
    public static bool FixedTimeEquals(byte[] left, byte[] right)
    {
        var difference = left.Length ^ right.Length;
        var length = Math.Min(left.Length, right.Length);
        for (var i = 0; i < length; i++) difference |= left[i] ^ right[i];
        return difference == 0;
    }

    public void Dispose() => Array.Clear(_key, 0, _key.Length);
}
