using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Tests.Sync;

public sealed class LedgerEntryTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static LedgerEntry Failed() => LedgerEntry.ForOrder("gid://shopify/Order/7", "#7", At.AddHours(-1), 900m, "USD",
        At.AddMinutes(-30), null) with
    {
        Channel = "C1", Status = LedgerStatus.Failed, Attempts = 2, LastError = "boom", FirstFailedAt = At.AddMinutes(-20),
            NextAttemptAt = At, Tagged = true,
    };

    [Fact]
    public void A_retry_intent_keeps_the_failure_history_and_the_flags_and_records_what_the_alert_shows()
    {
        var shown = new OrderSnapshot { Total = 900m };
        var pending = Failed().ToPending("C2", "d1", At, shown);
        Assert.Equal((LedgerStatus.Pending, "C2", "d1", 2, "boom", At.AddMinutes(-20)),
            (pending.Status, pending.Channel, pending.DigestId, pending.Attempts, pending.LastError, pending.FirstFailedAt));
        Assert.Equal((At, At, (DateTimeOffset?)null, true), (pending.IntentAt, pending.UpdatedAt, pending.NextAttemptAt, pending.Tagged));
        Assert.Same(shown, pending.Shown);
    }

    [Fact]
    public void Sent_clears_the_failure_and_keeps_the_intent_time_and_what_the_intent_showed()
    {
        var shown = new OrderSnapshot { Total = 900m };
        var sent = Failed().ToPending("C2", null, At, shown).ToSent("C2", "1.000001", null, At.AddSeconds(1),
            new OrderSnapshot { Total = 1m });
        Assert.Equal((LedgerStatus.Sent, "1.000001", 2, (string?)null, (DateTimeOffset?)null),
            (sent.Status, sent.Ts, sent.Attempts, sent.LastError, sent.FirstFailedAt));
        Assert.Equal(At, sent.IntentAt);
        Assert.Same(shown, sent.Shown);
        Assert.True(sent.CanBePruned);
    }

    [Fact]
    public void Failed_counts_on_from_a_pending_or_failed_attempt_and_starts_at_one_for_a_new_order()
    {
        DateTimeOffset? NoRetry(int attempts, DateTimeOffset first) => null;
        var again = Failed().ToFailed("C1", "again", At, (attempts, first) => first.AddMinutes(attempts));
        Assert.Equal((3, At.AddMinutes(-20), (DateTimeOffset?)At.AddMinutes(-17)),
            (again.Attempts, again.FirstFailedAt, again.NextAttemptAt));
        var fresh = LedgerEntry.ForOrder("gid://shopify/Order/8", "#8", At, 900m, "USD", At, null).ToFailed("C1", "no", At, NoRetry);
        Assert.Equal((1, (DateTimeOffset?)At, true), (fresh.Attempts, fresh.FirstFailedAt, fresh.GaveUp));
    }

    [Fact]
    public void Entries_are_values_and_the_journal_line_is_the_format_earlier_versions_wrote_and_read()
    {
        var entry = Failed().ToPending("C1", null, At, null);
        Assert.Equal(entry, entry with { });
        var line = Encoding.UTF8.GetString(LedgerJson.SerializeRecord(new LedgerRecord { Seq = 3, Kind = LedgerRecordKind.Put,
            Entries = new[] { entry } }));
        const string Written = "{\"seq\":3,\"put\":[{\"order\":\"gid://shopify/Order/7\",\"name\":\"#7\",\"createdAt\":\"2025-03-01T11:" +
            "00:00.0000000Z\",\"total\":900," +
            "\"currency\":\"USD\",\"channel\":\"C1\",\"status\":\"Pending\",\"attempts\":2,\"error\":\"boom\",\"firstFailedAt\":\"2025-" +
                "03-01T11:40:00.0000000Z\"," +
            "\"intentAt\":\"2025-03-01T12:00:00.0000000Z\",\"updatedAt\":\"2025-03-01T12:00:00.0000000Z\",\"tagged\":true}]}";
        Assert.Equal(Written, line);
        using var document = JsonDocument.Parse(Written);
        Assert.Equal(entry, Assert.Single(LedgerJson.ParseRecord(document.RootElement).Entries));
    }
}
