using Npgsql;
using NpgsqlTypes;

namespace AlloyShopifySlack.Sync.Ledger.Postgres;

/// <summary>
/// The statements of the PostgreSQL ledger. An alert row keeps the whole entry as JSON in the file store's own
/// entry format (so a field added to LedgerEntry needs no migration), beside the columns that queries use.
/// Parameters are named (@tenant, @shop, and {0}, {1}... filled in by <see cref="SqlBatch"/>).
/// </summary>
internal static class PostgresSql
{
    public const string EnsureShop = "INSERT INTO order_sync_shop (tenant, shop) VALUES (@tenant, @shop) ON CONFLICT DO NOTHING";
    public const string SelectShop = "SELECT checkpoint, forgotten_through, last_run_at, synced_at FROM order_sync_shop WHERE tenant = " +
        "@tenant AND shop = @shop";
    public const string SelectAlerts = "SELECT entry::text FROM order_sync_alert WHERE tenant = @tenant AND shop = @shop";
    public const string SelectFacts = "SELECT name, value FROM order_sync_fact WHERE tenant = @tenant AND shop = @shop";
    public const string SelectAll = "SELECT tenant, shop FROM order_sync_shop ORDER BY tenant, shop";

    public const string UpsertAlert =
        @"INSERT INTO order_sync_alert (tenant, shop, order_id, status, channel, created_at, ts, entry, written_at)
              VALUES (@tenant, @shop, {0}, {1}, {2}, {3}, {4}, {5}::jsonb, now())
              ON CONFLICT (tenant, shop, order_id) DO UPDATE SET status = EXCLUDED.status, channel = EXCLUDED.channel,
                created_at = EXCLUDED.created_at, ts = EXCLUDED.ts, entry = EXCLUDED.entry, written_at = now()";

    /// <summary>The checkpoint moves, and the tenant counts as synced (by this machine, now by the database's clock) for this
    /// round.</summary>
    public const string UpdateCheckpoint =
        "UPDATE order_sync_shop SET checkpoint = {0}, last_run_at = {1}, synced_at = now(), synced_by = {2} WHERE tenant = @tenant " +
            "AND shop = @shop";

    public const string UpsertFact =
        @"INSERT INTO order_sync_fact (tenant, shop, name, value) VALUES (@tenant, @shop, {0}, {1})
              ON CONFLICT (tenant, shop, name) DO UPDATE SET value = EXCLUDED.value, written_at = now()";

    public const string DeleteAlerts = "DELETE FROM order_sync_alert WHERE tenant = @tenant AND shop = @shop AND order_id = ANY({0})";

    public const string UpdateForgotten =
        "UPDATE order_sync_shop SET forgotten_through = greatest(forgotten_through, {0}) WHERE tenant = @tenant AND shop = @shop";

    /// <summary>Import: the tenant's rows are replaced as a whole (alerts and facts go with the shop row).</summary>
    public const string ClearTenant = "DELETE FROM order_sync_shop WHERE tenant = @tenant AND shop = @shop";

    public const string InsertShop =
        "INSERT INTO order_sync_shop (tenant, shop, checkpoint, forgotten_through, last_run_at) VALUES (@tenant, @shop, {0}, {1}, {2})";

    public static void AddUpsert(SqlBatch batch, LedgerEntry entry) => batch.Add(UpsertAlert,
        entry.OrderId, entry.Status.ToString(), entry.Channel, Time(entry.CreatedAt), Text(entry.Ts), EntryJson(entry));

    public static NpgsqlParameter Time(DateTimeOffset? value) =>
        new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value =
            value == null ? DBNull.Value : (object)value.Value.ToUniversalTime() };

    public static NpgsqlParameter Text(string? value) =>
        new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = value == null ? DBNull.Value : (object)value };

    /// <summary>A one-statement command for a tenant.</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, LedgerKey key) =>
        new NpgsqlCommand(sql, connection) { Parameters = { new NpgsqlParameter("tenant", key.Tenant),
            new NpgsqlParameter("shop", key.Shop) } };

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

/// <summary>
/// Several statements of one tenant sent as one command (one round trip). Plain NpgsqlCommand, not NpgsqlBatch:
/// the netstandard2.0 build of Npgsql brings its own DbBatch, which the net8.0 build (what a .NET 8+ host
/// resolves) does not have, so code built against one would not load with the other.
/// </summary>
internal sealed class SqlBatch
{
    private readonly StringBuilder _sql = new StringBuilder();
    private readonly List<NpgsqlParameter> _parameters = new List<NpgsqlParameter>();

    public SqlBatch(LedgerKey key)
    {
        _parameters.Add(new NpgsqlParameter("tenant", key.Tenant));
        _parameters.Add(new NpgsqlParameter("shop", key.Shop));
    }

    public void Add(string sql, params object[] values)
    {
        var names = new object[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = values[i] as NpgsqlParameter ?? new NpgsqlParameter { Value = values[i] };
            parameter.ParameterName = "p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
            _parameters.Add(parameter);
            names[i] = "@" + parameter.ParameterName;
        }
        _sql.Append(string.Format(CultureInfo.InvariantCulture, sql, names)).Append(";\n");
    }

    public NpgsqlCommand ToCommand(NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand(_sql.ToString(), connection);
        foreach (var parameter in _parameters) command.Parameters.Add(parameter);
        return command;
    }
}
