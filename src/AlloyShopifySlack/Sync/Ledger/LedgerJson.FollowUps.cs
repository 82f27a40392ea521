namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>
/// The follow-up fields of an entry, all optional, so that states written before follow-ups load unchanged:
/// "shown" and "current" (snapshots: total, fin, ful, cancelledAt, refunded, tags, at), "followUps" (replies posted),
/// "followUp" {seq, at, target} (pending), "claimedBy", "escalation" {to, at, ts, done}.
/// </summary>
internal static partial class LedgerJson
{
    private static void WriteFollowUps(Utf8JsonWriter w, LedgerEntry e)
    {
        if (e.Shown != null) WriteSnapshot(w, "shown", e.Shown);
        if (e.Current != null) WriteSnapshot(w, "current", e.Current);
        if (e.FollowUps != 0) w.WriteNumber("followUps", e.FollowUps);
        if (e.FollowUp != null)
        {
            w.WriteStartObject("followUp");
            w.WriteNumber("seq", e.FollowUp.Seq);
            w.WriteString("at", Format(e.FollowUp.At));
            WriteSnapshot(w, "target", e.FollowUp.Target);
            w.WriteEndObject();
        }
        if (e.ClaimedBy != null) w.WriteString("claimedBy", e.ClaimedBy);
        if (e.Escalation != null)
        {
            w.WriteStartObject("escalation");
            w.WriteString("to", e.Escalation.Target);
            w.WriteString("at", Format(e.Escalation.At));
            if (e.Escalation.Ts != null) w.WriteString("ts", e.Escalation.Ts);
            if (e.Escalation.Done) w.WriteBoolean("done", true);
            w.WriteEndObject();
        }
    }

    private static LedgerEntry ReadFollowUps(JsonElement o, LedgerEntry entry)
    {
        var shown = Snapshot(o, "shown");
        var current = Snapshot(o, "current");
        var count = o.TryGetProperty("followUps", out var n) ? n.GetInt32() : 0;
        FollowUpIntent? pending = null;
        if (o.TryGetProperty("followUp", out var f) && f.ValueKind == JsonValueKind.Object)
            pending = new FollowUpIntent { Seq = f.GetProperty("seq").GetInt32(), At = RequiredTime(f, "at"),
                Target = Snapshot(f, "target") ?? new OrderSnapshot() };
        var claimedBy = OptionalString(o, "claimedBy");
        EscalationState? escalation = null;
        if (o.TryGetProperty("escalation", out var x) && x.ValueKind == JsonValueKind.Object)
            escalation = new EscalationState
            {
                Target = RequiredString(x, "to"), At = RequiredTime(x, "at"), Ts = OptionalString(x, "ts"),
                Done = x.TryGetProperty("done", out var done) && done.GetBoolean(),
            };
        if (shown == null && current == null && count == 0 && pending == null && claimedBy == null && escalation == null) return entry;
        return entry with { Shown = shown, Current = current, FollowUps = count, FollowUp = pending, ClaimedBy = claimedBy,
            Escalation = escalation };
    }

    private static void WriteSnapshot(Utf8JsonWriter w, string name, OrderSnapshot s)
    {
        w.WriteStartObject(name);
        w.WriteNumber("total", s.Total);
        if (s.FinancialStatus != null) w.WriteString("fin", s.FinancialStatus);
        if (s.FulfillmentStatus != null) w.WriteString("ful", s.FulfillmentStatus);
        if (s.CancelledAt != null) w.WriteString("cancelledAt", Format(s.CancelledAt.Value));
        if (s.TotalRefunded != null) w.WriteNumber("refunded", s.TotalRefunded.Value);
        if (s.Tags.Length > 0) w.WriteString("tags", s.Tags);
        if (s.At != null) w.WriteString("at", Format(s.At.Value));
        w.WriteEndObject();
    }

    private static OrderSnapshot? Snapshot(JsonElement o, string name)
    {
        if (!o.TryGetProperty(name, out var s) || s.ValueKind != JsonValueKind.Object) return null;
        return new OrderSnapshot
        {
            Total = s.TryGetProperty("total", out var total) ? total.GetDecimal() : 0m,
            FinancialStatus = OptionalString(s, "fin"),
            FulfillmentStatus = OptionalString(s, "ful"),
            CancelledAt = OptionalTime(s, "cancelledAt"),
            TotalRefunded = s.TryGetProperty("refunded", out var refunded) ? refunded.GetDecimal() : (decimal?)null,
            Tags = OptionalString(s, "tags") ?? string.Empty,
            At = OptionalTime(s, "at"),
        };
    }
}
