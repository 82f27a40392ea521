using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Tests.Sync.FollowUps;

/// <summary>The follow-up fields of the ledger: kept through the journal and the snapshot; states written before them load
/// unchanged.</summary>
public sealed class LedgerFollowUpTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static readonly OrderSnapshot Shown = new()
    {
        Total = 600m, FinancialStatus = "PAID", FulfillmentStatus = "UNFULFILLED", Tags = "rush,vip", At = SyncHarness.Start,
    };

    private static LedgerEntry Followed() => new()
    {
        OrderId = "gid://shopify/Order/1001", OrderName = "#1001", CreatedAt = SyncHarness.Start, Total = 600m,
            Currency = "USD", Channel = "C1",
        Status = LedgerStatus.Sent, Ts = "1700000000.000001", IntentAt = SyncHarness.Start, UpdatedAt = SyncHarness.Start,
        Shown = Shown,
        Current = new OrderSnapshot { Total = 600m, FinancialStatus = "REFUNDED", TotalRefunded = 600m,
            CancelledAt = SyncHarness.Start.AddHours(1) },
        FollowUps = 2,
        FollowUp = new FollowUpIntent { Seq = 3, At = SyncHarness.Start.AddHours(1), Target = new OrderSnapshot { Total = 450m } },
        ClaimedBy = "U0CLAIMER1",
        Escalation = new EscalationState { Target = "S0ONCALL01", At = SyncHarness.Start.AddMinutes(30),
            Ts = "1700000000.000009", Done = true },
    };

    private static void AssertFollowed(LedgerEntry? entry)
    {
        Assert.NotNull(entry);
        Assert.Equal(Shown, entry!.Shown);
        Assert.Equal("rush,vip", entry.Shown!.Tags);
        Assert.True(entry.Current!.IsCancelled);
        Assert.Equal(600m, entry.Current.TotalRefunded);
        Assert.Equal(2, entry.FollowUps);
        Assert.Equal((3, 450m), (entry.FollowUp!.Seq, entry.FollowUp.Target.Total));
        Assert.Equal("U0CLAIMER1", entry.ClaimedBy);
        Assert.Equal(("S0ONCALL01", "1700000000.000009", true), (entry.Escalation!.Target, entry.Escalation.Ts, entry.Escalation.Done));
        Assert.False(entry.CanBePruned); // a follow-up waits
    }

    [Fact]
    public async Task Follow_up_fields_survive_the_journal_and_the_snapshot()
    {
        using (var ledger = await _h.OpenLedgerAsync()) ledger.Put(Followed());
        AssertFollowed(_h.ReadLedger().Entries.Single());
        using (var ledger = await _h.OpenLedgerAsync()) ledger.Compact(force: true);
        AssertFollowed(_h.ReadLedger().Entries.Single());
    }

    [Fact]
    public async Task A_state_written_before_follow_ups_loads_with_none_of_them_and_is_followed_from_the_next_read()
    {
        Directory.CreateDirectory(_h.Paths.Directory);
        File.WriteAllText(_h.Paths.Snapshot, "{\"format\":\"AlloyShopifySlack.OrderLedger/1\",\"tenant\":\"user1\",\"shop\":\"shop1\"," +
            "\"lastSeq\":4," +
            "\"checkpoint\":\"2025-03-01T11:00:00.0000000Z\",\"entries\":[{\"order\":\"gid://shopify/Order/7\",\"name\":\"#7\"," +
            "\"createdAt\":\"2025-03-01T10:00:00.0000000Z\",\"total\":900,\"currency\":\"USD\",\"channel\":\"C1\",\"status\":\"Sent\"," +
            "\"ts\":\"1700000000.000001\",\"intentAt\":\"2025-03-01T10:01:00.0000000Z\",\"updatedAt\":\"2025-03-01T10:01:00.0000000Z\"}]}",
                new UTF8Encoding(false));
        var entry = _h.ReadLedger().Entries.Single();
        Assert.Null(entry.Shown);
        Assert.Null(entry.Current);
        Assert.Null(entry.FollowUp);
        Assert.Null(entry.Escalation);
        Assert.Equal(0, entry.FollowUps);
        Assert.True(entry.CanBePruned);

        _h.Source.Add(7, 900m, SyncHarness.Start.AddHours(-2));
        _h.Source.Change(7, SyncHarness.Start, o => o.CancelledAt = SyncHarness.Start);
        var run = await _h.RunAsync(); // the first sight of it is where following starts: no reply about the past
        Assert.Equal(0, run.Result.FollowUps);
        Assert.True(_h.ReadLedger().Entries.Single().Shown!.IsCancelled);
    }
}
