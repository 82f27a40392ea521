using System.Text.RegularExpressions;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Sync.Ledger.Postgres;

/// <summary>
/// A PostgreSQL connection string read without Npgsql (so that the file path never loads it): the keyword form
/// "Host=...;Password=..." or a URL (postgresql://user:password@host:port/db?sslmode=require, as Kubernetes
/// secrets and DATABASE_URL carry it). Knows its secrets, so that every message can be cleaned of them, and
/// describes itself without them.
/// </summary>
public sealed class StateConnectionText
{
    private static readonly string[] PasswordKeys = { "password", "pwd" };
    private readonly List<KeyValuePair<string, string>> _pairs;
    private readonly List<string> _secrets = new List<string>();

    private StateConnectionText(List<KeyValuePair<string, string>> pairs)
    {
        _pairs = pairs;
        foreach (var pair in pairs) if (PasswordKeys.Contains(pair.Key.ToLowerInvariant())
            && pair.Value.Length > 0) _secrets.Add(pair.Value);
    }

    /// <summary>Reads the text; a malformed one is a FormatException whose message never quotes a value.</summary>
    public static StateConnectionText Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException("the connection string is empty");
        var trimmed = text.Trim();
        return new StateConnectionText(trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(trimmed)
            : FromKeywords(trimmed));
    }

    private static List<KeyValuePair<string, string>> FromKeywords(string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split(';'))
        {
            if (part.Trim().Length == 0) continue;
            var equals = part.IndexOf('=');
            if (equals <= 0) throw new FormatException("the connection string has a part without 'keyword=value'");
            pairs.Add(new KeyValuePair<string, string>(part.Substring(0, equals).Trim(), part.Substring(equals + 1).Trim()));
        }
        return pairs;
    }

    private static List<KeyValuePair<string, string>> FromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)) throw new FormatException("the connection URL is not a valid URL");
        var pairs = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("Host", uri.Host) };
        if (!uri.IsDefaultPort && uri.Port > 0) pairs.Add(new KeyValuePair<string, string>("Port",
            uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) pairs.Add(new KeyValuePair<string, string>("Database", database));
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            var user = colon < 0 ? uri.UserInfo : uri.UserInfo.Substring(0, colon);
            pairs.Add(new KeyValuePair<string, string>("Username", Uri.UnescapeDataString(user)));
            if (colon >= 0) pairs.Add(new KeyValuePair<string, string>("Password",
                Uri.UnescapeDataString(uri.UserInfo.Substring(colon + 1))));
        }
        foreach (var option in uri.Query.TrimStart('?').Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = option.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? option : option.Substring(0, equals));
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(option.Substring(equals + 1));
            pairs.Add(new KeyValuePair<string, string>(name.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode"
                : name, value));
        }
        return pairs;
    }

    /// <summary>The keyword form (with the password) for the driver.</summary>
    public string ToKeywordForm() => string.Join(";", _pairs.Select(p => p.Key + "=" + Quote(p.Value)));

    private static string Quote(string value) => value.IndexOfAny(new[] { ';', '\'', '"' }) >= 0 || value != value.Trim()
        ? "'" + value.Replace("'", "''") + "'"
        : value;

    public string? Value(params string[] keys) =>
        _pairs.LastOrDefault(p => keys.Any(k => string.Equals(k, p.Key, StringComparison.OrdinalIgnoreCase))).Value;

    /// <summary>"PostgreSQL user@host:port/database": what messages show (never the password).</summary>
    public string Describe(string? userOverride)
    {
        var user = userOverride ?? Value("Username", "User ID", "User", "UserName", "User Name", "UID");
        var host = Value("Host", "Server") ?? "localhost";
        var port = Value("Port");
        var database = Value("Database", "DB");
        var text = new StringBuilder("PostgreSQL ");
        if (!string.IsNullOrEmpty(user)) text.Append(user).Append('@');
        text.Append(host);
        if (!string.IsNullOrEmpty(port)) text.Append(':').Append(port);
        if (!string.IsNullOrEmpty(database)) text.Append('/').Append(database);
        return text.ToString();
    }

    /// <summary>The passwords it carries (for redaction).</summary>
    public IReadOnlyList<string> Secrets => _secrets;

    private static readonly Regex PasswordPair = new Regex(@"(?i)\b(password|pwd)\s*=\s*('[^']*'|""[^""]*""|[^;]*)", RegexOptions.Compiled);
    private static readonly Regex UrlPassword = new Regex(@"(?i)(postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@", RegexOptions.Compiled);

    /// <summary>Removes every known password, any "Password=..." pair and any URL password from a message.</summary>
    public static string Redact(string text, IEnumerable<string> secrets)
    {
        if (string.IsNullOrEmpty(text)) return text;
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)).OrderByDescending(s => s.Length))
            text = secret.Length >= 4 ? SecretText.Redact(text, secret) : secret.Length == 3 ? text.Replace(secret, SecretText.Mask) : text;
        text = PasswordPair.Replace(text, m => m.Groups[1].Value + "=" + SecretText.Mask);
        return UrlPassword.Replace(text, m => m.Groups[1].Value + SecretText.Mask + "@");
    }
}
