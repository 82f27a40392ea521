using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Tests.Sync;

public sealed class LedgerTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static LedgerEntry Entry(int n, LedgerStatus status = LedgerStatus.Sent, DateTimeOffset? createdAt = null) => new()
    {
        OrderId = "gid://shopify/Order/" + n, OrderName = "#" + n, CreatedAt = createdAt ?? SyncHarness.Start.AddMinutes(n),
        Total = 100m * n, Currency = "USD", Channel = "C1", Status = status, Ts = status == LedgerStatus.Sent ? "1." + n : null,
        IntentAt = SyncHarness.Start, UpdatedAt = SyncHarness.Start,
    };

    [Fact]
    public async Task Changes_survive_a_reopen_through_the_journal_and_after_compaction()
    {
        using (var ledger = await _h.OpenLedgerAsync())
        {
            ledger.Put(Entry(1));
            ledger.Put(new[] { Entry(2, LedgerStatus.Pending), Entry(3, LedgerStatus.Pending) });
            ledger.SetCheckpoint(SyncHarness.Start.AddHours(1), SyncHarness.Start);
        }
        using (var ledger = await _h.OpenLedgerAsync())
        {
            Assert.Equal(3, ledger.Entries.Count);
            Assert.Equal(LedgerStatus.Pending, ledger.Find("gid://shopify/Order/2")!.Status);
            Assert.Equal(SyncHarness.Start.AddHours(1), ledger.Checkpoint);
            ledger.Compact(force: true);
            ledger.Put(Entry(2)); // after the compaction: lives in the fresh journal
        }
        var reread = _h.ReadLedger();
        Assert.Equal(LedgerStatus.Sent, reread.Find("gid://shopify/Order/2")!.Status);
        Assert.Equal(300m, reread.Find("gid://shopify/Order/3")!.Total);
        Assert.True(File.Exists(_h.Paths.Snapshot));
    }

    [Fact]
    public async Task Learned_facts_survive_a_reopen_through_the_journal_and_after_compaction_and_the_latest_value_wins()
    {
        using (var ledger = await _h.OpenLedgerAsync())
        {
            ledger.SetFact("shopify.pageSize", "250");
            ledger.SetFact("shopify.pageSize", "84");
            ledger.SetFact("schema/slack/chat_postMessage", "{\"action\":{}}");
        }
        using (var ledger = await _h.OpenLedgerAsync())
        {
            Assert.Equal("84", ledger.Facts["shopify.pageSize"]);
            ledger.Compact(force: true);
            ledger.SetFact("shopify.pageSize", "61");
        }
        var reread = _h.ReadLedger();
        Assert.Equal("61", reread.Facts["shopify.pageSize"]);
        Assert.Equal("{\"action\":{}}", reread.Facts["schema/slack/chat_postMessage"]);
        Assert.Contains("\"facts\"", File.ReadAllText(_h.Paths.Snapshot));
    }

    [Fact]
    public async Task A_torn_last_journal_line_is_ignored_and_cut_off_before_the_next_append()
    {
        using (var ledger = await _h.OpenLedgerAsync()) ledger.Put(Entry(1));
        var whole = LedgerJournal.Encode(new LedgerRecord { Seq = 2, Kind = LedgerRecordKind.Put, Entries = new[] { Entry(2) } });
        using (var file = new FileStream(_h.Paths.Journal, FileMode.Append)) file.Write(whole, 0, whole.Length / 2); // the crash

        Assert.Single(_h.ReadLedger().Entries);
        using (var ledger = await _h.OpenLedgerAsync()) ledger.Put(Entry(3));
        var reread = _h.ReadLedger();
        Assert.Equal(new[] { "#1", "#3" }, reread.Entries.Select(e => e.OrderName).OrderBy(n => n));
        Assert.All(File.ReadAllLines(_h.Paths.Journal), line => Assert.Matches("^[0-9a-f]{8} \\{", line));
    }

    [Fact]
    public async Task A_damaged_line_followed_by_valid_ones_is_a_clear_error_naming_the_journal()
    {
        using (var ledger = await _h.OpenLedgerAsync())
        {
            ledger.Put(Entry(1));
            ledger.Put(Entry(2));
        }
        var lines = File.ReadAllLines(_h.Paths.Journal);
        lines[0] = lines[0].Replace("#1", "#9"); // the checksum no longer matches
        File.WriteAllLines(_h.Paths.Journal, lines);

        var error = await Assert.ThrowsAsync<SyncStateException>(() => _h.OpenLedgerAsync());
        Assert.Equal(SyncStateException.UnreadableId, error.ErrorId);
        Assert.Contains(_h.Paths.Journal, error.Message);
        Assert.Contains("line 1", error.Message);
    }

    [Fact]
    public async Task An_unreadable_snapshot_is_a_clear_error_naming_the_file_and_is_left_untouched()
    {
        using (var ledger = await _h.OpenLedgerAsync())
        {
            ledger.Put(Entry(1));
            ledger.Compact(force: true);
        }
        File.WriteAllText(_h.Paths.Snapshot, "{\"format\": \"AlloyShopifySlack.OrderLedger/1\", \"entries\": [ {\"oops\"");

        var error = await Assert.ThrowsAsync<SyncStateException>(() => _h.OpenLedgerAsync());
        Assert.Contains(_h.Paths.Snapshot, error.Message);
        Assert.Contains("Nothing was posted", error.Message);
        Assert.StartsWith("{\"format\"", File.ReadAllText(_h.Paths.Snapshot));
        Assert.Throws<SyncStateException>(() => _h.ReadLedger());
    }

    [Fact]
    public async Task A_missing_snapshot_whose_journal_continues_from_it_is_an_error_not_a_fresh_start()
    {
        using (var ledger = await _h.OpenLedgerAsync())
        {
            ledger.Put(Entry(1));
            ledger.Compact(force: true);
        }
        File.Delete(_h.Paths.Snapshot);
        var error = await Assert.ThrowsAsync<SyncStateException>(() => _h.OpenLedgerAsync());
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public async Task A_crash_between_snapshot_replace_and_journal_restart_replays_nothing_twice()
    {
        using (var ledger = await _h.OpenLedgerAsync())
        {
            ledger.Put(Entry(1));
            ledger.Put(Entry(2, LedgerStatus.Pending));
            ledger.Put(Entry(2));
        }
        var oldJournal = File.ReadAllBytes(_h.Paths.Journal);
        using (var ledger = await _h.OpenLedgerAsync())
        {
            ledger.Prune(SyncHarness.Start.AddMinutes(2)); // drops #1
            ledger.Compact(force: true);
        }
        File.WriteAllBytes(_h.Paths.Journal, oldJournal); // the journal restart never happened

        var reread = _h.ReadLedger();
        Assert.Null(reread.Find("gid://shopify/Order/1"));
        Assert.Equal(LedgerStatus.Sent, reread.Find("gid://shopify/Order/2")!.Status);
    }

    [Fact]
    public async Task A_leftover_temporary_snapshot_from_a_crash_mid_write_is_ignored()
    {
        using (var ledger = await _h.OpenLedgerAsync())
        {
            ledger.Put(Entry(1));
            ledger.Compact(force: true);
        }
        File.WriteAllText(_h.Paths.Snapshot + ".tmp", "{\"format\": \"half");
        Assert.Single(_h.ReadLedger().Entries);
        using (var ledger = await _h.OpenLedgerAsync()) ledger.Compact(force: true); // the next replace overwrites it
        Assert.Single(_h.ReadLedger().Entries);
    }

    [Fact]
    public async Task A_second_run_waits_for_the_lock_then_fails_clearly_naming_the_lock_file()
    {
        using var first = await _h.OpenLedgerAsync();
        var error = await Assert.ThrowsAsync<SyncStateException>(() => _h.OpenLedgerAsync());
        Assert.Equal(SyncStateException.LockedId, error.ErrorId);
        Assert.Contains(_h.Paths.Lock, error.Message);
        Assert.True(_h.Clock.UtcNow - SyncHarness.Start >= TimeSpan.FromSeconds(2)); // it waited (on the fake clock)

        first.Dispose();
        using var second = await _h.OpenLedgerAsync();
        Assert.NotNull(second);
    }

    [Fact]
    public async Task Prune_drops_old_settled_entries_keeps_pending_ones_and_remembers_what_it_forgot()
    {
        using (var ledger = await _h.OpenLedgerAsync())
        {
            ledger.Put(new[] { Entry(1), Entry(2, LedgerStatus.Pending), Entry(30) });
            var dropped = ledger.Prune(SyncHarness.Start.AddMinutes(10));
            Assert.Equal(1, dropped);
            Assert.Equal(SyncHarness.Start.AddMinutes(1), ledger.ForgottenThrough);
        }
        var reread = _h.ReadLedger();
        Assert.Equal(new[] { "#2", "#30" }, reread.Entries.Select(e => e.OrderName).OrderBy(n => n));
        Assert.Equal(SyncHarness.Start.AddMinutes(1), reread.ForgottenThrough);
    }

    [Fact]
    public async Task Each_change_appends_one_short_line_instead_of_rewriting_the_state()
    {
        using var ledger = (FileOrderLedger)await _h.OpenLedgerAsync();
        for (var n = 1; n <= 200; n++) ledger.Put(Entry(n));
        var before = new FileInfo(_h.Paths.Journal).Length;
        ledger.Put(Entry(201));
        var perChange = new FileInfo(_h.Paths.Journal).Length - before;
        Assert.InRange(perChange, 100, 600);
        Assert.False(File.Exists(_h.Paths.Snapshot)); // no snapshot rewrite yet
    }

    [Fact]
    public void File_names_are_per_tenant_and_shop_and_never_collide()
    {
        var a = new LedgerPaths("/s", "user-1", "shop");
        var b = new LedgerPaths("/s", "user", "1-shop");
        Assert.NotEqual(a.Snapshot, b.Snapshot);
        Assert.EndsWith(".ledger.json", a.Snapshot);
        Assert.Contains(Path.Combine("AlloyShopifySlack", "state"), LedgerPaths.DefaultDirectory());
    }
}
