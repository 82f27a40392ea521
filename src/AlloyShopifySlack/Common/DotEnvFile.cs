namespace AlloyShopifySlack.Common;

/// <summary>Reads dotenv files: KEY=value, optional "export ", quotes, # comments.</summary>
public static class DotEnvFile
{
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            if (TryParseLine(line, out var key, out var value)) values[key] = value;
        }
        return values;
    }

    public static bool TryParseLine(string line, out string key, out string value)
    {
        key = value = string.Empty;
        var text = line.Trim();
        if (text.Length == 0 || text[0] == '#') return false;
        if (text.StartsWith("export ", StringComparison.Ordinal)) text = text.Substring(7).TrimStart();
        var equals = text.IndexOf('=');
        if (equals <= 0) return false;
        key = text.Substring(0, equals).Trim();
        if (key.Length == 0 || key.IndexOfAny(new[] { ' ', '\t' }) >= 0) return false;
        value = ParseValue(text.Substring(equals + 1).Trim());
        return true;
    }

    private static string ParseValue(string raw)
    {
        if (raw.Length >= 2 && (raw[0] == '"' || raw[0] == '\''))
        {
            var close = raw.IndexOf(raw[0], 1);
            if (close > 0)
            {
                var inner = raw.Substring(1, close - 1);
                return raw[0] == '"' ? inner.Replace("\\n", "\n").Replace("\\\"", "\"") : inner;
            }
        }
        var comment = raw.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? raw.Substring(0, comment) : raw).Trim();
    }
}
