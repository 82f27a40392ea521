using AlloyShopifySlack.Common;
using Npgsql;

namespace AlloyShopifySlack.Sync.Ledger.Postgres;

/// <summary>
/// One tenant's ledger in PostgreSQL. A writable one owns a connection that holds the tenant's session advisory
/// lock from open to dispose: the lock dies with the connection, so a killed runner never leaves it behind, and
/// the ledger never reconnects (a new connection would not hold the lock): once the connection fails, every
/// later write fails too and the run stops. State is loaded once and written through; each change is one
/// transaction in one round trip. Thread-safe: the channels of one run record concurrently.
/// </summary>
internal sealed class PostgresOrderLedger : IOrderLedger
{
    private readonly object _sync = new object();
    private readonly PostgresLedgerStore _store;
    private readonly LedgerKey _key;
    private readonly LedgerState _state;
    private NpgsqlConnection? _connection;
    private Exception? _broken;

    private PostgresOrderLedger(PostgresLedgerStore store, LedgerKey key, LedgerState state, NpgsqlConnection? connection)
    {
        _store = store;
        _key = key;
        _state = state;
        _connection = connection;
    }

    public string Location => $"{_store.Location} ({_key})";
    public DateTimeOffset? Checkpoint { get { lock (_sync) return _state.Checkpoint; } }
    public DateTimeOffset? ForgottenThrough { get { lock (_sync) return _state.ForgottenThrough; } }
    public DateTimeOffset? LastRunAt { get { lock (_sync) return _state.LastRunAt; } }
    public IReadOnlyCollection<LedgerEntry> Entries { get { lock (_sync) return _state.Entries.Values.ToList(); } }
    public IReadOnlyDictionary<string, string> Facts { get { lock (_sync) return new Dictionary<string, string>(_state.Facts,
        StringComparer.Ordinal); } }

    /// <summary>Round trips this instance made to write (its cost, for the benchmark).</summary>
    public int Writes { get; private set; }

    public static async Task<PostgresOrderLedger> OpenAsync(PostgresLedgerStore store, NpgsqlConnection connection, LedgerKey key,
        LedgerOpenOptions options, IClock clock, CancellationToken cancellationToken)
    {
        var lockKey = LockKeys.Tenant(key);
        var started = clock.UtcNow;
        while (!await TenantRows.TryLockAsync(connection, lockKey, cancellationToken).ConfigureAwait(false))
        {
            var waited = clock.UtcNow - started;
            if (waited >= options.LockTimeout) throw SyncStateException.HeldByAnotherRunner(store.Location, key, waited);
            await clock.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
        try
        {
            using (var ensure = PostgresSql.Command(connection, PostgresSql.EnsureShop,
                key)) await ensure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            var state = await TenantRows.LoadAsync(connection, key, cancellationToken).ConfigureAwait(false);
            if (state == null) throw new InvalidOperationException("The tenant's row vanished while its lock was held.");
            var (loaded, syncedAt) = state.Value;
            if (options.SkipIfSyncedSince != null && syncedAt != null && syncedAt >= options.SkipIfSyncedSince)
                throw SyncStateException.SyncedThisRound(store.Location, key, syncedAt.Value);
            return new PostgresOrderLedger(store, key, loaded, connection);
        }
        catch
        {
            await TenantRows.UnlockQuietlyAsync(connection, lockKey).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A view without the lock (Get-OrderSyncState, -WhatIf, Export-OrderSyncState); null when the tenant has no state.</summary>
    public static async Task<PostgresOrderLedger?> ReadAsync(PostgresLedgerStore store, NpgsqlConnection connection, LedgerKey key,
        CancellationToken cancellationToken)
    {
        var state = await TenantRows.LoadAsync(connection, key, cancellationToken).ConfigureAwait(false);
        return state == null ? null : new PostgresOrderLedger(store, key, state.Value.State, null);
    }

    public LedgerEntry? Find(string orderId)
    {
        lock (_sync) return _state.Entries.TryGetValue(orderId, out var entry) ? entry : null;
    }

    public void Put(IReadOnlyList<LedgerEntry> entries, bool durable = true)
    {
        if (entries.Count == 0) return;
        Write(durable, batch =>
        {
            foreach (var entry in entries) PostgresSql.AddUpsert(batch, entry);
        }, () => { foreach (var entry in entries) _state.Entries[entry.OrderId] = entry; });
    }

    public void Forget(string orderId)
    {
        lock (_sync)
        {
            if (!_state.Entries.ContainsKey(orderId)) return;
            Write(durable: false, batch => batch.Add(PostgresSql.DeleteAlerts, (object)new[] { orderId }),
                () => _state.Entries.Remove(orderId));
        }
    }

    public void SetCheckpoint(DateTimeOffset checkpoint, DateTimeOffset runAt) =>
        Write(durable: false, batch => batch.Add(PostgresSql.UpdateCheckpoint, PostgresSql.Time(checkpoint), PostgresSql.Time(runAt),
            Environment.MachineName),
            () => { _state.Checkpoint = checkpoint; _state.LastRunAt = runAt; });

    public void SetFact(string name, string value)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("A fact needs a name.", nameof(name));
        lock (_sync)
        {
            if (_state.Facts.TryGetValue(name, out var known) && known == value) return;
            Write(durable: false, batch => batch.Add(PostgresSql.UpsertFact, name, value ?? string.Empty),
                () => _state.Facts[name] = value ?? string.Empty);
        }
    }

    public int Prune(DateTimeOffset cutoff)
    {
        lock (_sync)
        {
            var doomed = _state.Entries.Values.Where(e => e.CanBePruned && e.CreatedAt < cutoff).ToList();
            if (doomed.Count == 0) return 0;
            var newest = doomed.Max(e => e.CreatedAt);
            Write(durable: false, batch =>
            {
                batch.Add(PostgresSql.DeleteAlerts, (object)doomed.Select(e => e.OrderId).ToArray());
                batch.Add(PostgresSql.UpdateForgotten, PostgresSql.Time(newest));
            }, () => _state.PruneBefore(cutoff));
            return doomed.Count;
        }
    }

    /// <summary>Replaces the tenant's whole state in one transaction (Import-OrderSyncState).</summary>
    internal void ReplaceWith(LedgerState imported) => Write(durable: true, batch =>
    {
        batch.Add(PostgresSql.ClearTenant);
        batch.Add(PostgresSql.InsertShop, PostgresSql.Time(imported.Checkpoint), PostgresSql.Time(imported.ForgottenThrough),
            PostgresSql.Time(imported.LastRunAt));
        foreach (var entry in imported.Entries.Values) PostgresSql.AddUpsert(batch, entry);
        foreach (var fact in imported.Facts) batch.Add(PostgresSql.UpsertFact, fact.Key, fact.Value);
    }, () =>
    {
        _state.Entries.Clear();
        foreach (var entry in imported.Entries) _state.Entries[entry.Key] = entry.Value;
        _state.Facts.Clear();
        foreach (var fact in imported.Facts) _state.Facts[fact.Key] = fact.Value;
        _state.Checkpoint = imported.Checkpoint;
        _state.ForgottenThrough = imported.ForgottenThrough;
        _state.LastRunAt = imported.LastRunAt;
    });

    /// <summary>Nothing to fold: every change is already in its row.</summary>
    public void Compact(bool force = false) { }

    /// <summary>BEGIN, the statements and COMMIT in one round trip; a relaxed commit for what may be lost in a crash of the
    /// server.</summary>
    private void Write(bool durable, Action<SqlBatch> fill, Action apply)
    {
        lock (_sync)
        {
            if (_broken != null) throw _store.Failure("stopped answering earlier in this run", _broken);
            var connection = _connection ?? throw new InvalidOperationException("This view of the sync state is read-only.");
            try
            {
                var batch = new SqlBatch(_key);
                batch.Add("BEGIN");
                if (!durable) batch.Add("SET LOCAL synchronous_commit TO OFF");
                fill(batch);
                batch.Add("COMMIT");
                using var command = batch.ToCommand(connection);
                command.ExecuteNonQuery();
                Writes++;
            }
            catch (Exception ex) when (PostgresLedgerStore.IsDatabaseFailure(ex))
            {
                _broken = ex; // the outcome of the commit is unknown and the lock may be gone: write nothing more
                throw _store.Failure("stopped answering", ex);
            }
            apply();
        }
    }

    public void Dispose()
    {
        NpgsqlConnection? connection;
        lock (_sync)
        {
            connection = _connection;
            _connection = null;
        }
        if (connection == null) return;
        // Released explicitly: a pooled connection would otherwise keep holding it while idle. After a failure the
        // connection may still be alive (a refused statement), with its transaction aborted: roll that back first.
        if (_broken != null) TenantRows.RollBackQuietly(connection);
        TenantRows.UnlockQuietlyAsync(connection, LockKeys.Tenant(_key)).GetAwaiter().GetResult();
        connection.Dispose();
    }
}
