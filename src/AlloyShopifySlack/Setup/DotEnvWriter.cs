using System.Text.RegularExpressions;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Setup;

/// <summary>
/// Sets keys in a dotenv file: existing lines are updated in place (comments, order and other keys kept), new
/// keys are appended. The file is replaced atomically (a temporary file beside it, then a rename), and on Unix it
/// is owner-only (0600) from the moment it exists, because it may hold credential ids and even the API key.
/// </summary>
public static class DotEnvWriter
{
    private static readonly Regex KeyShape = new Regex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);
    private static readonly Regex PlainValue = new Regex("^[A-Za-z0-9_./:@+,=-]*$", RegexOptions.CultureInvariant);

    /// <summary>Writes <paramref name="values"/> into <paramref name="path"/>; returns the keys whose value changed.</summary>
    public static IReadOnlyList<string> Set(string path, IEnumerable<KeyValuePair<string, string>> values)
    {
        var updates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in values)
        {
            if (!KeyShape.IsMatch(pair.Key)) throw new ArgumentException($"'{pair.Key}' is not a valid .env key.", nameof(values));
            updates[pair.Key] = pair.Value;
        }

        var exists = File.Exists(path);
        var text = exists ? File.ReadAllText(path) : string.Empty;
        var newline = text.Contains("\r\n") ? "\r\n" : "\n";
        var lines = text.Length == 0 ? new List<string>() : text.Split(new[] { "\r\n", "\n" }, StringSplitOptions.None).ToList();
        if (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);

        var changed = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            if (!DotEnvFile.TryParseLine(lines[i], out var key, out var current) || !updates.TryGetValue(key, out var wanted)) continue;
            seen.Add(key);
            if (current == wanted) continue;
            var export = lines[i].TrimStart().StartsWith("export ", StringComparison.Ordinal) ? "export " : string.Empty;
            lines[i] = export + key + "=" + Format(key, wanted);
            if (!changed.Contains(key)) changed.Add(key);
        }
        foreach (var pair in updates.Where(p => !seen.Contains(p.Key)))
        {
            lines.Add(pair.Key + "=" + Format(pair.Key, pair.Value));
            changed.Add(pair.Key);
        }

        if (changed.Count > 0 || !exists) WriteAtomically(path, string.Join(newline, lines) + (lines.Count > 0 ? newline : string.Empty));
        else FilePermissions.TrySet(path, FilePermissions.OwnerReadWrite);
        return changed;
    }

    /// <summary>Quotes only when needed, in the forms <see cref="DotEnvFile"/> reads back unchanged.</summary>
    internal static string Format(string key, string value)
    {
        if (value.IndexOf('\n') >= 0 || value.IndexOf('\r') >= 0)
            throw new ArgumentException($"The value for {key} has a line break, which a .env file cannot hold.");
        if (PlainValue.IsMatch(value)) return value;
        if (value.IndexOf('"') < 0 && value.IndexOf('\\') < 0) return "\"" + value + "\"";
        if (value.IndexOf('\'') < 0) return "'" + value + "'";
        throw new ArgumentException($"The value for {key} holds both kinds of quotes, which a .env file cannot hold.");
    }

    private static void WriteAtomically(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                // Restrict before the first byte is written, so the content is never readable by others.
                if (FilePermissions.IsUnix && !FilePermissions.TrySet(temporary, FilePermissions.OwnerReadWrite))
                    throw new IOException($"Could not make '{temporary}' owner-only (chmod 600); nothing was written.");
                var bytes = new UTF8Encoding(false).GetBytes(content);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
            }
            if (File.Exists(full)) File.Replace(temporary, full, null);
            else File.Move(temporary, full);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
