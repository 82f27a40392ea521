using System.Security;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Tests.Alloy;
using Npgsql;

namespace AlloyShopifySlack.Tests.Sync.Postgres;

/// <summary>What only the PostgreSQL store has: its schema, its locks across processes, lost connections, and its password.</summary>
public sealed class PostgresStoreTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public PostgresStoreTests(Xunit.Abstractions.ITestOutputHelper output) { _output = output; }

    private static readonly LedgerKey Key = new("user1", "shop1");

    private static LedgerEntry Entry(int n, LedgerStatus status = LedgerStatus.Pending) => new()
    {
        OrderId = "gid://shopify/Order/" + n, OrderName = "#" + n, CreatedAt = DateTimeOffset.UtcNow, Total = 900m, Currency = "USD",
        Channel = "C1", Status = status, IntentAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
    };

    private static IOrderLedgerStore Store(string connection, SecureString? password = null, string? user = null) =>
        LedgerStores.Create(new StateStoreSettings { ConnectionString = connection, Password = password, UserName = user });

    private static async Task<object?> ScalarAsync(string connection, string sql)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var command = new NpgsqlCommand(sql, c);
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Runners_starting_at_once_create_the_schema_once()
    {
        var connection = await (await PostgresServer.Shared).CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 6).Select(_ => Store(connection)).ToList();
        var rounds = await Task.WhenAll(stores.Select(s => Task.Run(() => s.BeginRoundAsync(CancellationToken.None))));
        Assert.All(rounds, r => Assert.NotNull(r));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM order_sync_schema"));
        foreach (var store in stores) store.Dispose();

        await ScalarAsync(connection, "INSERT INTO order_sync_schema (version) VALUES (99)");
        using var older = Store(connection);
        var error = await Assert.ThrowsAsync<SyncStateException>(() => older.BeginRoundAsync(CancellationToken.None));
        Assert.Contains("newer than this module knows", error.Message);
    }

    [Fact]
    public async Task A_tenant_finished_this_round_by_another_runner_is_skipped_and_a_lost_connection_stops_every_later_write()
    {
        var connection = await (await PostgresServer.Shared).CreateDatabaseAsync();
        using var first = Store(connection);
        using var second = Store(connection);
        var round = await second.BeginRoundAsync(CancellationToken.None);
        using (var ledger = await first.OpenAsync(Key, new LedgerOpenOptions { LockTimeout = TimeSpan.Zero }, CancellationToken.None))
            ledger.SetCheckpoint(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        var skipped = await Assert.ThrowsAsync<SyncStateException>(() => second.OpenAsync(Key,
            new LedgerOpenOptions { SkipIfSyncedSince = round }, CancellationToken.None));
        Assert.Equal(SyncStateException.SyncedThisRoundId, skipped.ErrorId);

        var held = await first.OpenAsync(Key, new LedgerOpenOptions(), CancellationToken.None);
        held.Put(Entry(1));
        // The server ends the runner's session (as a restart or a network cut would): its lock goes with it.
        await ScalarAsync(connection, "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND granted AND " +
            "pid <> pg_backend_pid()");
        var lost = Assert.Throws<SyncStateException>(() => held.Put(Entry(2)));
        Assert.Equal(SyncStateException.UnavailableId, lost.ErrorId);
        Assert.Contains("Nothing more was posted", lost.Message);
        Assert.Equal(SyncStateException.UnavailableId, Assert.Throws<SyncStateException>(() => held.Put(Entry(3))).ErrorId);
        using (var next = await second.OpenAsync(Key, new LedgerOpenOptions { LockTimeout = TimeSpan.Zero }, CancellationToken.None))
        {
            Assert.NotNull(next.Find("gid://shopify/Order/1")); // committed before the cut
            Assert.Null(next.Find("gid://shopify/Order/2"));
        }
        held.Dispose();
    }

    [Fact]
    public async Task The_password_never_appears_in_a_location_or_an_error_whatever_fails()
    {
        var server = await PostgresServer.Shared;
        var connection = await server.CreateDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(connection).Database!;
        const string Secret = "Sup3r-Secret-Passw0rd!";

        // A URL with the password works, and shows without it.
        using (var url = Store($"postgresql://postgres:{Uri.EscapeDataString(server.Password)}@127.0.0.1:{server.Port}/{database}"))
        {
            await url.BeginRoundAsync(CancellationToken.None);
            Assert.Equal($"PostgreSQL postgres@127.0.0.1:{server.Port}/{database}", url.Location);
        }
        // The password as a SecureString (-StateCredential) with a connection string that has none.
        using (var secure = Store(server.ConnectionString(database, withPassword: false), SecretText.ToSecureString(server.Password)))
            await secure.BeginRoundAsync(CancellationToken.None);

        var failures = new List<string>();
        async Task Fails(Func<IOrderLedgerStore> make)
        {
            var error = await Assert.ThrowsAsync<SyncStateException>(async () =>
                { using var s = make(); await s.BeginRoundAsync(CancellationToken.None); });
            failures.Add(error.ToString() + " " + error.Path);
            _output.WriteLine(error.Message);
        }
        await Fails(() => Store($"Host=127.0.0.1;Port={server.Port};Username=postgres;Password={Secret};" +
            $"Database={database}")); // refused by the server
        await Fails(() => Store(server.ConnectionString(database, withPassword: false), SecretText.ToSecureString(Secret), "postgres"));
        await Fails(() => Store($"Host=127.0.0.1;Port=1;Username=postgres;Password={Secret}")); // nothing listens
        await Fails(() => Store($"Host=127.0.0.1;Password={Secret};Port=not-a-number")); // the driver cannot read it
        await Fails(() => Store($"Host=127.0.0.1;Password={Secret};Bogus Keyword={Secret}"));
        await Fails(() => Store($"postgresql://postgres:{Secret}@127.0.0.1:1/x"));
        Assert.Contains(failures, f => f.Contains("password authentication failed"));
        foreach (var text in failures)
        {
            SecretAssert.Absent(text, Secret);
            Assert.DoesNotContain(server.Password, text);
            Assert.Contains("sync state database", text);
        }
    }
}
