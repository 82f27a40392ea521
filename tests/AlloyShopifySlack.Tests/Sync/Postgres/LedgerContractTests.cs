using AlloyShopifySlack.Common;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Tests.Sync.Postgres;

/// <summary>
/// What every ledger store promises the engine, run against each store: the file store and PostgreSQL.
/// </summary>
public abstract class LedgerContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    protected static readonly LedgerKey Key = new("user1", "shop1");
    private IOrderLedgerStore _store = null!;

    protected abstract Task<IOrderLedgerStore> CreateStoreAsync();
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await CleanUpAsync();
    }

    private static readonly LedgerOpenOptions NoWait = new() { LockTimeout = TimeSpan.Zero };

    private Task<IOrderLedger> OpenAsync(LedgerKey? key = null) => _store.OpenAsync(key ?? Key, NoWait, CancellationToken.None);

    protected static LedgerEntry Entry(int n, LedgerStatus status = LedgerStatus.Sent, DateTimeOffset? createdAt = null) => new()
    {
        OrderId = "gid://shopify/Order/" + n, OrderName = "#" + n, CreatedAt = createdAt ?? Start.AddMinutes(n),
        Total = 100.25m * n, Currency = "USD", Channel = "C1", Status = status, Ts = status == LedgerStatus.Sent ? "1700000000." + n : null,
        IntentAt = Start, UpdatedAt = Start,
    };

    [Fact]
    public async Task Entries_checkpoint_and_facts_survive_a_reopen()
    {
        using (var ledger = await OpenAsync())
        {
            ledger.Put(Entry(1));
            ledger.Put(new[] { Entry(2, LedgerStatus.Pending), Entry(3, LedgerStatus.Pending) }, durable: true);
            ledger.Put(Entry(2), durable: false);
            ledger.SetCheckpoint(Start.AddHours(1), Start.AddHours(2));
            ledger.SetFact("shopify.pageSize", "250");
            ledger.SetFact("shopify.pageSize", "84");
            ledger.SetFact("schema/slack/chat_postMessage", "{\"action\":{}}");
            ledger.Compact(force: true);
        }
        using (var ledger = await OpenAsync())
        {
            Assert.Equal(3, ledger.Entries.Count);
            Assert.Equal(LedgerStatus.Sent, ledger.Find("gid://shopify/Order/2")!.Status);
            Assert.Equal(LedgerStatus.Pending, ledger.Find("gid://shopify/Order/3")!.Status);
            Assert.Null(ledger.Find("gid://shopify/Order/9"));
            Assert.Equal(Start.AddHours(1), ledger.Checkpoint);
            Assert.Equal(Start.AddHours(2), ledger.LastRunAt);
            Assert.Equal("84", ledger.Facts["shopify.pageSize"]);
            Assert.Equal("{\"action\":{}}", ledger.Facts["schema/slack/chat_postMessage"]);
        }
    }

    [Fact]
    public async Task Every_field_of_an_entry_round_trips_exactly()
    {
        var full = Entry(7, LedgerStatus.Failed) with
        {
            DigestId = "d1234567890abcde", Attempts = 3, LastError = "channel_not_found: \"quoted\" ü 🚀",
                NextAttemptAt = Start.AddTicks(1234567),
            FirstFailedAt = Start.AddSeconds(-1), IntentAt = Start.AddTicks(42), UpdatedAt = Start.AddTicks(43),
                Tagged = true, Logged = true,
            OrderName = "#7 <&> 'x'", Total = 12345678.91m, Currency = "JPY", Ts = "1700000000.000007",
        };
        using (var ledger = await OpenAsync()) ledger.Put(full);
        using var reread = await OpenAsync();
        Assert.Equivalent(full, reread.Find(full.OrderId), strict: true);
    }

    [Fact]
    public async Task A_forgotten_entry_is_gone_after_a_reopen_and_the_others_stay()
    {
        using (var ledger = await OpenAsync())
        {
            ledger.Put(new[] { Entry(1), Entry(2, LedgerStatus.Pending) });
            ledger.Forget("gid://shopify/Order/2");
            ledger.Forget("gid://shopify/Order/9"); // unknown: nothing to do
            Assert.Null(ledger.Find("gid://shopify/Order/2"));
        }
        using (var ledger = await OpenAsync())
        {
            Assert.Equal("gid://shopify/Order/1", Assert.Single(ledger.Entries).OrderId);
            Assert.Null(ledger.ForgottenThrough); // forgetting is not pruning: the order is simply unknown again
            ledger.Compact(force: true);
        }
        using (var ledger = await OpenAsync()) Assert.Single(ledger.Entries);
    }

    [Fact]
    public async Task Pruning_drops_settled_old_entries_only_and_remembers_how_far()
    {
        using (var ledger = await OpenAsync())
        {
            ledger.Put(new[] { Entry(1), Entry(2, LedgerStatus.Pending), Entry(3) with { Status = LedgerStatus.Failed,
                NextAttemptAt = null }, Entry(4),
                Entry(5) with { Status = LedgerStatus.Failed, NextAttemptAt = Start.AddDays(1) }, Entry(30) });
            // #1 and #4 (sent) and #3 (given up) go; #2 (pending), #5 (retrying) and #30 (newer) stay.
            Assert.Equal(3, ledger.Prune(Start.AddMinutes(10)));
            Assert.Equal(Start.AddMinutes(4), ledger.ForgottenThrough);
        }
        using var reread = await OpenAsync();
        Assert.Equal(new[] { "#2", "#30", "#5" }, reread.Entries.Select(e => e.OrderName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(Start.AddMinutes(4), reread.ForgottenThrough);
    }

    [Fact]
    public async Task A_second_open_of_a_held_tenant_is_refused_and_succeeds_once_it_is_let_go()
    {
        var first = await OpenAsync();
        var refused = await Assert.ThrowsAsync<SyncStateException>(() => OpenAsync());
        Assert.Equal(SyncStateException.LockedId, refused.ErrorId);
        using (var other = await OpenAsync(new LedgerKey("user1", "shop2"))) other.Put(Entry(1)); // another shop is free
        first.Put(Entry(2));
        first.Dispose();
        using var second = await OpenAsync();
        Assert.NotNull(second.Find("gid://shopify/Order/2"));
    }

    [Fact]
    public async Task A_read_only_view_needs_no_lock_and_changes_nothing()
    {
        Assert.Null(await _store.OpenReadOnlyAsync(Key, CancellationToken.None));
        using var held = await OpenAsync();
        held.Put(Entry(1));
        using var view = (await _store.OpenReadOnlyAsync(Key, CancellationToken.None))!;
        Assert.Single(view.Entries);
        Assert.Throws<InvalidOperationException>(() => view.Put(Entry(2)));
    }

    [Fact]
    public async Task Concurrent_writers_of_one_run_lose_nothing()
    {
        using (var ledger = await OpenAsync())
            await Task.WhenAll(Enumerable.Range(0, 8).Select(lane => Task.Run(() =>
            {
                for (var i = 0; i < 25; i++) ledger.Put(Entry(lane * 100 + i, i % 2 == 0 ? LedgerStatus.Pending : LedgerStatus.Sent),
                    durable: i % 3 == 0);
            })));
        using var reread = await OpenAsync();
        Assert.Equal(200, reread.Entries.Count);
    }

    [Fact]
    public async Task Tenants_are_listed_and_a_snapshot_moves_between_instances_whole()
    {
        using (var ledger = await OpenAsync())
        {
            ledger.Put(new[] { Entry(1), Entry(2, LedgerStatus.Pending) });
            ledger.SetCheckpoint(Start.AddHours(1), Start);
            ledger.SetFact("shopify.pageSize", "61");
        }
        using (var other = await OpenAsync(new LedgerKey("user2", "shop9"))) other.Put(Entry(5));
        var keys = await _store.ListAsync(CancellationToken.None);
        Assert.Equal(new[] { "user1/shop1", "user2/shop9" }, keys.Select(k => k.Tenant + "/" + k.Shop).OrderBy(k => k));

        LedgerSnapshot snapshot;
        using (var view = (await _store.OpenReadOnlyAsync(Key, CancellationToken.None))!) snapshot = LedgerSnapshot.Of(Key, view);
        var moved = LedgerSnapshot.FromJson(snapshot.ToJson(), "user3", "shop3");
        await _store.ImportAsync(moved, replace: false, TimeSpan.Zero, CancellationToken.None);
        var again = await Assert.ThrowsAsync<SyncStateException>(() => _store.ImportAsync(moved, replace: false, TimeSpan.Zero,
            CancellationToken.None));
        Assert.Equal(SyncStateException.ExistsId, again.ErrorId);

        using (var copy = await OpenAsync(new LedgerKey("user3", "shop3")))
        {
            Assert.Equal(2, copy.Entries.Count);
            Assert.Equal(Start.AddHours(1), copy.Checkpoint);
            Assert.Equal("61", copy.Facts["shopify.pageSize"]);
            copy.Put(Entry(3));
        }
        await _store.ImportAsync(LedgerSnapshot.FromJson(snapshot.ToJson(), "user3", "shop3"), replace: true, TimeSpan.Zero,
            CancellationToken.None);
        using var replaced = await OpenAsync(new LedgerKey("user3", "shop3"));
        Assert.Equal(2, replaced.Entries.Count); // #3 went with the replaced state
    }
}

public sealed class FileLedgerContractTests : LedgerContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("alloyps-contract-").FullName;

    protected override Task<IOrderLedgerStore> CreateStoreAsync() =>
        Task.FromResult<IOrderLedgerStore>(new FileLedgerStore(_folder, SystemClock.Instance));

    protected override Task CleanUpAsync()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}

public sealed class PostgresLedgerContractTests : LedgerContractTests
{
    protected override async Task<IOrderLedgerStore> CreateStoreAsync()
    {
        var server = await PostgresServer.Shared;
        return LedgerStores.Create(new StateStoreSettings { ConnectionString = await server.CreateDatabaseAsync() });
    }
}
