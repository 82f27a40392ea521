using System;
using System.IO;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace AlloyShopifySlack.Sync.Ledger.Postgres
{
    /// <summary>
    /// The statements of the PostgreSQL ledger. An alert row keeps the whole entry as JSON in the file store's own
    /// entry format (so a field added to LedgerEntry needs no migration), beside the columns that queries use.
    /// </summary>
    internal static class PostgresSql
    {
        public const string EnsureShop = "INSERT INTO order_sync_shop (tenant, shop) VALUES ($1, $2) ON CONFLICT DO NOTHING";
        public const string SelectShop = "SELECT checkpoint, forgotten_through, last_run_at, synced_at FROM order_sync_shop WHERE tenant = $1 AND shop = $2";
        public const string SelectAlerts = "SELECT entry::text FROM order_sync_alert WHERE tenant = $1 AND shop = $2";
        public const string SelectFacts = "SELECT name, value FROM order_sync_fact WHERE tenant = $1 AND shop = $2";
        public const string SelectAll = "SELECT tenant, shop FROM order_sync_shop ORDER BY tenant, shop";

        private const string UpsertAlertSql =
            @"INSERT INTO order_sync_alert (tenant, shop, order_id, status, channel, created_at, ts, entry, written_at)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, now())
              ON CONFLICT (tenant, shop, order_id) DO UPDATE SET status = EXCLUDED.status, channel = EXCLUDED.channel,
                created_at = EXCLUDED.created_at, ts = EXCLUDED.ts, entry = EXCLUDED.entry, written_at = now()";

        /// <summary>The checkpoint moves, and the tenant counts as synced (by this machine, now by the database's clock) for this round.</summary>
        public const string UpdateCheckpoint =
            "UPDATE order_sync_shop SET checkpoint = $3, last_run_at = $4, synced_at = now(), synced_by = $5 WHERE tenant = $1 AND shop = $2";

        public const string UpsertFact =
            @"INSERT INTO order_sync_fact (tenant, shop, name, value) VALUES ($1, $2, $3, $4)
              ON CONFLICT (tenant, shop, name) DO UPDATE SET value = EXCLUDED.value, written_at = now()";

        public const string DeleteAlerts = "DELETE FROM order_sync_alert WHERE tenant = $1 AND shop = $2 AND order_id = ANY($3)";

        public const string UpdateForgotten =
            "UPDATE order_sync_shop SET forgotten_through = greatest(forgotten_through, $3) WHERE tenant = $1 AND shop = $2";

        /// <summary>Import: the tenant's rows are replaced as a whole.</summary>
        public const string ClearTenant = "DELETE FROM order_sync_shop WHERE tenant = $1 AND shop = $2";

        public const string InsertShop =
            @"INSERT INTO order_sync_shop (tenant, shop, checkpoint, forgotten_through, last_run_at) VALUES ($1, $2, $3, $4, $5)";

        public static NpgsqlBatchCommand UpsertAlert(LedgerKey key, LedgerEntry entry) => Statement(UpsertAlertSql, key,
            entry.OrderId, entry.Status.ToString(), entry.Channel, TimeValue(entry.CreatedAt), TextOrNull(entry.Ts), EntryJson(entry));

        /// <summary>A statement whose first two parameters are the tenant and shop.</summary>
        public static NpgsqlBatchCommand Statement(string sql, LedgerKey key, params object[] values)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = key.Tenant });
            command.Parameters.Add(new NpgsqlParameter { Value = key.Shop });
            foreach (var value in values) command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
            return command;
        }

        public static NpgsqlParameter TimeValue(DateTimeOffset? value) =>
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value == null ? DBNull.Value : (object)value.Value.ToUniversalTime() };

        public static NpgsqlParameter TextOrNull(string? value) =>
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = value == null ? DBNull.Value : (object)value };

        public static string EntryJson(LedgerEntry entry)
        {
            using var buffer = new MemoryStream(320);
            using (var writer = new Utf8JsonWriter(buffer)) LedgerJson.WriteEntry(writer, entry);
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        public static LedgerEntry ReadEntry(string json)
        {
            using var document = JsonDocument.Parse(json);
            return LedgerJson.ReadEntry(document.RootElement);
        }
    }
}
