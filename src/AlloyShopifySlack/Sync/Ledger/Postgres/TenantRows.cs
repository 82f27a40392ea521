using Npgsql;

namespace AlloyShopifySlack.Sync.Ledger.Postgres;

/// <summary>Reading a tenant's rows, and its advisory lock, for <see cref="PostgresOrderLedger"/>.</summary>
internal static class TenantRows
{
    public static async Task<bool> TryLockAsync(NpgsqlConnection connection, long lockKey, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)",
            connection) { Parameters = { new NpgsqlParameter("key", lockKey) } };
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public static async Task UnlockQuietlyAsync(NpgsqlConnection connection, long lockKey)
    {
        try { await PostgresSchema.Execute(connection, "SELECT pg_advisory_unlock(@p0)", CancellationToken.None, lockKey)
            .ConfigureAwait(false); }
        catch (Exception ex) when (!(ex is OutOfMemoryException)) { } // a broken connection has lost the lock already
    }

    public static void RollBackQuietly(NpgsqlConnection connection)
    {
        try { PostgresSchema.Execute(connection, "ROLLBACK", CancellationToken.None).GetAwaiter().GetResult(); }
        catch (Exception ex) when (!(ex is OutOfMemoryException)) { }
    }

    public static async Task<(LedgerState State, DateTimeOffset? SyncedAt)?> LoadAsync(NpgsqlConnection connection, LedgerKey key,
        CancellationToken cancellationToken)
    {
        var state = new LedgerState();
        DateTimeOffset? syncedAt;
        using (var shop = PostgresSql.Command(connection, PostgresSql.SelectShop, key))
        using (var reader = await shop.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
            state.Checkpoint = Time(reader, 0);
            state.ForgottenThrough = Time(reader, 1);
            state.LastRunAt = Time(reader, 2);
            syncedAt = Time(reader, 3);
        }
        using (var alerts = PostgresSql.Command(connection, PostgresSql.SelectAlerts, key))
        using (var reader = await alerts.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var entry = PostgresSql.ReadEntry(reader.GetString(0));
                state.Entries[entry.OrderId] = entry;
            }
        using (var facts = PostgresSql.Command(connection, PostgresSql.SelectFacts, key))
        using (var reader = await facts.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                state.Facts[reader.GetString(0)] = reader.GetString(1);
        return (state, syncedAt);
    }

    public static DateTimeOffset? Time(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(column);
}
