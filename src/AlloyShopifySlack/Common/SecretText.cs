using System.Runtime.InteropServices;
using System.Security;

namespace AlloyShopifySlack.Common;

/// <summary>Keeps secrets out of text that users, logs and files see.</summary>
public static class SecretText
{
    public const string Mask = "[redacted]";

    /// <summary>Replaces every occurrence of the secret (and of any run of 8+ of its leading characters) in <paramref
    /// name="text"/>.</summary>
    public static string Redact(string text, SecureString? secret)
    {
        if (string.IsNullOrEmpty(text) || secret == null || secret.Length == 0) return text;
        var plain = Reveal(secret);
        return Redact(text, plain);
    }

    public static string Redact(string text, string? secret)
    {
        if (string.IsNullOrEmpty(text) || string.IsNullOrEmpty(secret) || secret!.Length < 4) return text;
        var result = text.Replace(secret, Mask);
        // A server may echo a prefix of the key ("runalloy_abc…"); mask long prefixes too.
        if (secret.Length >= 12)
        {
            var prefix = secret.Substring(0, 12);
            result = result.Replace(prefix, Mask);
        }
        return result;
    }

    public static string Reveal(SecureString secret)
    {
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try { return Marshal.PtrToStringUni(pointer) ?? string.Empty; }
        finally { Marshal.ZeroFreeGlobalAllocUnicode(pointer); }
    }

    public static SecureString ToSecureString(string value)
    {
        var secure = new SecureString();
        foreach (var c in value) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
