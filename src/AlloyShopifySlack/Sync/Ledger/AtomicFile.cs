namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>Replaces a file so that a crash at any instant leaves either the old or the new content.</summary>
internal static class AtomicFile
{
    public static void Write(string path, byte[] content)
    {
        // Same folder, so the rename never crosses file systems (a cross-device move is a copy, not atomic).
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 65536, FileOptions.None))
        {
            stream.Write(content, 0, content.Length);
            stream.Flush(true); // on disk before the rename makes it visible
        }
        if (File.Exists(path)) File.Replace(temporary, path, null);
        else File.Move(temporary, path);
    }
}
