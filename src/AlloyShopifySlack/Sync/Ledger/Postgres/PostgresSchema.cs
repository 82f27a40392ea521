using Npgsql;

namespace AlloyShopifySlack.Sync.Ledger.Postgres;

/// <summary>
/// The tables of the shared sync state, created and migrated by the module itself. Versioned in
/// order_sync_schema; every migration runs in one transaction under a transaction-level advisory lock, so two
/// runners starting at once neither race nor both apply it (the second waits, then finds it done).
/// </summary>
internal static class PostgresSchema
{
    public const int Latest = 1;

    private static readonly string[] Migrations =
    {
        // 1: one row per tenant+shop (checkpoint, when it was last synced), per alert, and per learned fact.
        @"CREATE TABLE order_sync_shop (
                tenant text NOT NULL, shop text NOT NULL,
                checkpoint timestamptz, forgotten_through timestamptz, last_run_at timestamptz,
                synced_at timestamptz, synced_by text,
                PRIMARY KEY (tenant, shop));
              CREATE TABLE order_sync_alert (
                tenant text NOT NULL, shop text NOT NULL, order_id text NOT NULL,
                status text NOT NULL, channel text NOT NULL, created_at timestamptz NOT NULL, ts text,
                entry jsonb NOT NULL, written_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant, shop, order_id),
                FOREIGN KEY (tenant, shop) REFERENCES order_sync_shop (tenant, shop) ON DELETE CASCADE);
              CREATE INDEX order_sync_alert_unsettled ON order_sync_alert (tenant, shop, status) WHERE status <> 'Sent';
              CREATE TABLE order_sync_fact (
                tenant text NOT NULL, shop text NOT NULL, name text NOT NULL, value text NOT NULL,
                written_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant, shop, name),
                FOREIGN KEY (tenant, shop) REFERENCES order_sync_shop (tenant, shop) ON DELETE CASCADE);",
    };

    private const string VersionTable =
        "CREATE TABLE IF NOT EXISTS order_sync_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), " +
            "applied_by text)";

    /// <summary>Brings the schema to <see cref="Latest"/>; returns the version found before (0: none).</summary>
    public static async Task<int> MigrateAsync(NpgsqlConnection connection, string location, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction();
        await Execute(connection, "SELECT pg_advisory_xact_lock(@p0)", cancellationToken, LockKeys.Schema).ConfigureAwait(false);
        await Execute(connection, VersionTable, cancellationToken).ConfigureAwait(false);
        int found;
        using (var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM order_sync_schema", connection))
            found = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false),
                System.Globalization.CultureInfo.InvariantCulture);
        if (found > Latest)
            throw SyncStateException.Unavailable(location, $"has schema version {found}, newer than this module knows ({Latest}): update " +
                "AlloyShopifySlack on this machine");
        for (var version = found + 1; version <= Latest; version++)
        {
            await Execute(connection, Migrations[version - 1], cancellationToken).ConfigureAwait(false);
            await Execute(connection, "INSERT INTO order_sync_schema (version, applied_by) VALUES (@p0, @p1)", cancellationToken,
                version, "AlloyShopifySlack " + typeof(PostgresSchema).Assembly.GetName().Version).ConfigureAwait(false);
        }
        transaction.Commit();
        return found;
    }

    /// <summary>Whether the tables exist at all (read-only callers do not create them).</summary>
    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand("SELECT to_regclass('order_sync_shop') IS NOT NULL", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < values.Length; i++) command.Parameters.Add(new NpgsqlParameter(
            "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), values[i]));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// Advisory lock keys (the one-bigint form): a 64-bit FNV-1a hash of a name in the module's own namespace, so
/// every runner, on any machine and module version, computes the same key for the same tenant and shop.
/// </summary>
internal static class LockKeys
{
    public static readonly long Schema = Hash("schema");

    public static long Tenant(LedgerKey key) => Hash("tenant\n" + key.Tenant + "\n" + key.Shop);

    private static long Hash(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("AlloyShopifySlack.OrderSync\n" + name);
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return unchecked((long)hash);
    }
}
