using System.Security.Cryptography;

namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>
/// The replay cache on disk (one line per accepted request: a hash of its signature and when it expires), so a
/// listener restarted within Slack's five-minute window still refuses a request it already accepted. Lines are
/// appended as requests are accepted; the file is rewritten without the expired ones when it is opened.
/// </summary>
public sealed class ReplayJournal : IDisposable
{
    private readonly object _gate = new object();
    private readonly string _path;
    private FileStream? _append;

    public ReplayJournal(string path)
    {
        _path = path ?? throw new ArgumentNullException(nameof(path));
    }

    public string Path => _path;

    /// <summary>The hash a signature is kept under (the journal never holds the signature itself).</summary>
    public static string Key(string signature)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(signature));
        var text = new StringBuilder(32);
        for (var i = 0; i < 16; i++) text.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>The entries still fresh at <paramref name="now"/>; keeps only those in the file. A damaged line is skipped.</summary>
    public IReadOnlyList<KeyValuePair<string, DateTimeOffset>> Load(DateTimeOffset now)
    {
        var fresh = new List<KeyValuePair<string, DateTimeOffset>>();
        lock (_gate)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_path))!);
            if (File.Exists(_path))
            {
                foreach (var line in File.ReadAllLines(_path))
                {
                    var parts = line.Split(' ');
                    if (parts.Length != 2 || parts[0].Length != 32) continue;
                    if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) continue;
                    var expiry = DateTimeOffset.FromUnixTimeSeconds(seconds);
                    if (expiry >= now) fresh.Add(new KeyValuePair<string, DateTimeOffset>(parts[0], expiry));
                }
            }
            var compacted = new StringBuilder();
            foreach (var entry in fresh) compacted.Append(Line(entry.Key, entry.Value));
            var temporary = _path + ".tmp";
            File.WriteAllText(temporary, compacted.ToString());
            if (File.Exists(_path)) File.Delete(_path);
            File.Move(temporary, _path);
            _append?.Dispose();
            _append = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        }
        return fresh;
    }

    public void Append(string key, DateTimeOffset expiresAt)
    {
        lock (_gate)
        {
            if (_append == null) return;
            var bytes = Encoding.ASCII.GetBytes(Line(key, expiresAt));
            _append.Write(bytes, 0, bytes.Length);
            _append.Flush();
        }
    }

    private static string Line(string key, DateTimeOffset expiry) =>
        key + " " + Math.Max(0, expiry.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture) + "\n";

    public void Dispose()
    {
        lock (_gate)
        {
            _append?.Dispose();
            _append = null;
        }
    }
}
