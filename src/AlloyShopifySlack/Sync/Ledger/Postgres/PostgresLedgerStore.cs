using AlloyShopifySlack.Common;
using Npgsql;

namespace AlloyShopifySlack.Sync.Ledger.Postgres;

/// <summary>
/// The shared store: every tenant's ledger in one PostgreSQL database, for several runners on several machines.
/// The schema is created or migrated on first use. Every failure leaves as a SyncStateException whose message
/// names the database without its password (and is scrubbed of it, whatever the driver said).
/// </summary>
internal sealed class PostgresLedgerStore : IOrderLedgerStore
{
    private readonly string _connectionString;
    private readonly IClock _clock;
    private readonly IReadOnlyList<string> _secrets;
    private readonly SemaphoreSlim _schemaGate = new SemaphoreSlim(1, 1);
    private bool _schemaReady;

    private PostgresLedgerStore(string connectionString, string location, IClock clock, IReadOnlyList<string> secrets)
    {
        _connectionString = connectionString;
        Location = location;
        _clock = clock;
        _secrets = secrets;
    }

    public string Location { get; }
    public bool IsShared => true;

    public static PostgresLedgerStore Create(StateStoreSettings settings, StateConnectionText text, string location)
    {
        var secrets = text.Secrets.ToList();
        string? password = settings.Password == null ? null : SecretText.Reveal(settings.Password);
        if (!string.IsNullOrEmpty(password)) secrets.Add(password!);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(text.ToKeywordForm());
            if (!string.IsNullOrEmpty(settings.UserName)) builder.Username = settings.UserName;
            if (password != null) builder.Password = password;
            if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "AlloyShopifySlack";
        }
        catch (Exception ex) when (ex is ArgumentException || ex is FormatException || ex is InvalidCastException)
        {
            // The driver's words may quote a value: scrubbed, and the original is not kept as the inner exception.
            throw SyncStateException.Unavailable(location, "cannot be used: " + StateConnectionText.Redact(ex.Message, secrets));
        }
        // Plain pooled connections, not NpgsqlDataSource: see SqlBatch for why the polyfilled Db* types are avoided.
        return new PostgresLedgerStore(builder.ConnectionString, location, settings.Clock, secrets);
    }

    public async Task<DateTimeOffset?> BeginRoundAsync(CancellationToken cancellationToken) =>
        await Guard("could not be reached", async () =>
    {
        using var connection = await OpenMigratedAsync(cancellationToken).ConfigureAwait(false);
        using var command = new NpgsqlCommand("SELECT now()", connection);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (DateTimeOffset?)reader.GetFieldValue<DateTimeOffset>(0);
    }).ConfigureAwait(false);

    public async Task<IOrderLedger> OpenAsync(LedgerKey key, LedgerOpenOptions options, CancellationToken cancellationToken) =>
        await Guard("could not be reached", async () =>
        {
            var connection = await OpenMigratedAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await PostgresOrderLedger.OpenAsync(this, connection, key, options, _clock, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }).ConfigureAwait(false);

    public async Task<IOrderLedger?> OpenReadOnlyAsync(LedgerKey key, CancellationToken cancellationToken) =>
        await Guard("could not be read", async () =>
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!await PostgresSchema.ExistsAsync(connection, cancellationToken).ConfigureAwait(false)) return null;
        return (IOrderLedger?)await PostgresOrderLedger.ReadAsync(this, connection, key, cancellationToken).ConfigureAwait(false);
    }).ConfigureAwait(false);

    public async Task<IReadOnlyList<LedgerKey>> ListAsync(CancellationToken cancellationToken) =>
        await Guard("could not be read", async () =>
    {
        var keys = new List<LedgerKey>();
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!await PostgresSchema.ExistsAsync(connection, cancellationToken).ConfigureAwait(false)) return (IReadOnlyList<LedgerKey>)keys;
        using var command = new NpgsqlCommand(PostgresSql.SelectAll, connection);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) keys.Add(
            new LedgerKey(reader.GetString(0), reader.GetString(1)));
        return keys;
    }).ConfigureAwait(false);

    public async Task ImportAsync(LedgerSnapshot snapshot, bool replace, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        using var ledger = (PostgresOrderLedger)await OpenAsync(snapshot.Key, new LedgerOpenOptions { LockTimeout = lockTimeout },
            cancellationToken).ConfigureAwait(false);
        if (!replace && (ledger.Entries.Count > 0 || ledger.Checkpoint != null)) throw SyncStateException.AlreadyHasState(
            Location, snapshot.Key);
        ledger.ReplaceWith(snapshot.State);
    }

    /// <summary>A pooled connection, the schema brought up to date the first time.</summary>
    private async Task<NpgsqlConnection> OpenMigratedAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady) return connection;
            await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_schemaReady)
                {
                    var before = await PostgresSchema.MigrateAsync(connection, Location, cancellationToken).ConfigureAwait(false);
                    if (before < PostgresSchema.Latest)
                        OperationContext.Log.Write(LogLevel.Verbose, $"Sync state schema in {Location}: version {before} " +
                            $"→ {PostgresSchema.Latest}.");
                    _schemaReady = true;
                }
            }
            finally { _schemaGate.Release(); }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async Task<T> Guard<T>(string doing, Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            throw Failure(doing, ex);
        }
    }

    /// <summary>What the driver raises when the server is down, refuses, or the connection breaks.</summary>
    internal static bool IsDatabaseFailure(Exception ex) =>
        ex is NpgsqlException || ex is TimeoutException || ex is System.Net.Sockets.SocketException
        || (ex is System.IO.IOException && !(ex is System.IO.FileNotFoundException)
            && !(ex is System.IO.FileLoadException)) // not a missing dll
        || (ex is InvalidOperationException && ex.Source == "Npgsql");

    /// <summary>A SyncStateException with the driver's reason, scrubbed of every password; the original kept only if it is clean.</summary>
    internal SyncStateException Failure(string doing, Exception ex)
    {
        var reason = ex.Message;
        if (ex.InnerException != null && !reason.Contains(ex.InnerException.Message)) reason += " (" + ex.InnerException.Message + ")";
        var clean = StateConnectionText.Redact(reason, _secrets);
        var inner = StateConnectionText.Redact(ex.ToString(), _secrets) == ex.ToString() ? ex : null;
        if (ex is PostgresException) doing = "refused"; // it answered: a wrong password, a missing right
        return SyncStateException.Unavailable(Location, doing + ": " + clean.TrimEnd('.'), inner);
    }

    public void Dispose()
    {
        using (var connection = new NpgsqlConnection(_connectionString)) NpgsqlConnection.ClearPool(connection);
        _schemaGate.Dispose();
    }
}
