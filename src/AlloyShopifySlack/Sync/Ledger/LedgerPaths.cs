namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>
/// Where one tenant's state for one shop lives: {dir}/{tenant}--{shop}.ledger.json (the snapshot), .journal (the
/// changes since), .lock (held by the running sync). Tenant is the Alloy user id, shop the Shopify credential id.
/// </summary>
public sealed class LedgerPaths
{
    public const string SnapshotSuffix = ".ledger.json";

    public LedgerPaths(string directory, string tenant, string shop)
    {
        Directory = directory;
        Tenant = string.IsNullOrEmpty(tenant) ? "default" : tenant;
        Shop = shop;
        var stem = System.IO.Path.Combine(directory, Safe(Tenant) + "--" + Safe(shop));
        Snapshot = stem + SnapshotSuffix;
        Journal = stem + ".journal";
        Lock = stem + ".lock";
    }

    public string Directory { get; }
    public string Tenant { get; }
    public string Shop { get; }
    public string Snapshot { get; }
    public string Journal { get; }
    public string Lock { get; }

    /// <summary>The default folder: the user's local application data (per user, not roamed).</summary>
    public static string DefaultDirectory()
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(root)) root = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".local", "share");
        return System.IO.Path.Combine(root, "AlloyShopifySlack", "state");
    }

    /// <summary>The paths of every tenant and shop with state in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<LedgerPaths> FindAll(string directory)
    {
        var found = new List<LedgerPaths>();
        if (!System.IO.Directory.Exists(directory)) return found;
        var stems = System.IO.Directory.GetFiles(directory, "*" + SnapshotSuffix).Select(
            f => f.Substring(0, f.Length - SnapshotSuffix.Length))
            .Concat(System.IO.Directory.GetFiles(directory, "*.journal").Select(f => f.Substring(0, f.Length - ".journal".Length)))
            .Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal);
        foreach (var stem in stems)
        {
            var name = System.IO.Path.GetFileName(stem);
            var split = name.IndexOf("--", StringComparison.Ordinal);
            if (split <= 0) continue;
            var tenant = Unsafe(name.Substring(0, split));
            var shop = Unsafe(name.Substring(split + 2));
            if (tenant != null && shop != null) found.Add(new LedgerPaths(directory, tenant, shop));
        }
        return found;
    }

    private static string? Unsafe(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '-') { result.Append(text[i]); continue; }
            if (i + 4 >= text.Length || !int.TryParse(text.Substring(i + 1, 4), System.Globalization.NumberStyles.HexNumber,
                System.Globalization.CultureInfo.InvariantCulture, out var code)) return null;
            result.Append((char)code);
            i += 4;
        }
        return result.ToString();
    }

    /// <summary>Ids are [A-Za-z0-9] in practice; anything else is hex-escaped so two ids never share a file.</summary>
    internal static string Safe(string id)
    {
        var text = new StringBuilder(id.Length);
        foreach (var c in id)
        {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') text.Append(c);
            else text.Append('-').Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
