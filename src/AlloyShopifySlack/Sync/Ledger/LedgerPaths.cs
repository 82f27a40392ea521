using System;
using System.IO;
using System.Text;

namespace AlloyShopifySlack.Sync.Ledger
{
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
            if (string.IsNullOrEmpty(root)) root = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return System.IO.Path.Combine(root, "AlloyShopifySlack", "state");
        }

        /// <summary>Ids are [A-Za-z0-9] in practice; anything else is hex-escaped so two ids never share a file.</summary>
        internal static string Safe(string id)
        {
            var text = new StringBuilder(id.Length);
            foreach (var c in id)
            {
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') text.Append(c);
                else text.Append('-').Append(((int)c).ToString("x4"));
            }
            return text.ToString();
        }
    }
}
