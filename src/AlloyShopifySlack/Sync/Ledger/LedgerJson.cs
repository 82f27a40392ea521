namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>
/// The on-disk shapes: entries, journal records and the snapshot, written by hand with Utf8JsonWriter so that
/// the format is explicit (and stable across library versions) and a journal line costs one small buffer.
/// </summary>
internal static partial class LedgerJson
{
    public const string SnapshotFormat = "AlloyShopifySlack.OrderLedger/1";

    public static void WriteEntry(Utf8JsonWriter w, LedgerEntry e)
    {
        w.WriteStartObject();
        w.WriteString("order", e.OrderId);
        w.WriteString("name", e.OrderName);
        w.WriteString("createdAt", Format(e.CreatedAt));
        w.WriteNumber("total", e.Total);
        w.WriteString("currency", e.Currency);
        w.WriteString("channel", e.Channel);
        w.WriteString("status", e.Status.ToString());
        if (e.DigestId != null) w.WriteString("digest", e.DigestId);
        if (e.Ts != null) w.WriteString("ts", e.Ts);
        if (e.Attempts != 0) w.WriteNumber("attempts", e.Attempts);
        if (e.LastError != null) w.WriteString("error", e.LastError);
        if (e.NextAttemptAt != null) w.WriteString("nextAttemptAt", Format(e.NextAttemptAt.Value));
        if (e.FirstFailedAt != null) w.WriteString("firstFailedAt", Format(e.FirstFailedAt.Value));
        w.WriteString("intentAt", Format(e.IntentAt));
        w.WriteString("updatedAt", Format(e.UpdatedAt));
        if (e.Tagged) w.WriteBoolean("tagged", true);
        if (e.Logged) w.WriteBoolean("logged", true);
        WriteFollowUps(w, e);
        w.WriteEndObject();
    }

    public static LedgerEntry ReadEntry(JsonElement o) => ReadFollowUps(o, new LedgerEntry
    {
        OrderId = RequiredString(o, "order"),
        OrderName = OptionalString(o, "name") ?? string.Empty,
        CreatedAt = RequiredTime(o, "createdAt"),
        Total = o.TryGetProperty("total", out var total) ? total.GetDecimal() : 0m,
        Currency = OptionalString(o, "currency") ?? string.Empty,
        Channel = OptionalString(o, "channel") ?? string.Empty,
        Status = (LedgerStatus)Enum.Parse(typeof(LedgerStatus), RequiredString(o, "status"), ignoreCase: false),
        DigestId = OptionalString(o, "digest"),
        Ts = OptionalString(o, "ts"),
        Attempts = o.TryGetProperty("attempts", out var attempts) ? attempts.GetInt32() : 0,
        LastError = OptionalString(o, "error"),
        NextAttemptAt = OptionalTime(o, "nextAttemptAt"),
        FirstFailedAt = OptionalTime(o, "firstFailedAt"),
        IntentAt = RequiredTime(o, "intentAt"),
        UpdatedAt = RequiredTime(o, "updatedAt"),
        Tagged = o.TryGetProperty("tagged", out var tagged) && tagged.GetBoolean(),
        Logged = o.TryGetProperty("logged", out var logged) && logged.GetBoolean(),
    });

    public static byte[] SerializeRecord(LedgerRecord r)
    {
        using var buffer = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("seq", r.Seq);
            switch (r.Kind)
            {
                case LedgerRecordKind.Put:
                    w.WriteStartArray("put");
                    foreach (var entry in r.Entries) WriteEntry(w, entry);
                    w.WriteEndArray();
                    break;
                case LedgerRecordKind.Checkpoint:
                    w.WriteString("checkpoint", Format(r.At!.Value));
                    if (r.RunAt != null) w.WriteString("runAt", Format(r.RunAt.Value));
                    break;
                case LedgerRecordKind.Prune:
                    w.WriteString("prune", Format(r.At!.Value));
                    break;
                case LedgerRecordKind.Base:
                    w.WriteBoolean("base", true);
                    break;
                case LedgerRecordKind.Fact:
                    w.WriteString("fact", r.FactName);
                    w.WriteString("value", r.FactValue);
                    break;
                case LedgerRecordKind.Forget:
                    w.WriteString("forget", r.OrderId);
                    break;
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static LedgerRecord ParseRecord(JsonElement o)
    {
        var seq = o.GetProperty("seq").GetInt64();
        if (o.TryGetProperty("put", out var put))
        {
            var entries = new List<LedgerEntry>();
            foreach (var item in put.EnumerateArray()) entries.Add(ReadEntry(item));
            return new LedgerRecord { Seq = seq, Kind = LedgerRecordKind.Put, Entries = entries };
        }
        if (o.TryGetProperty("checkpoint", out _))
            return new LedgerRecord { Seq = seq, Kind = LedgerRecordKind.Checkpoint, At = RequiredTime(o, "checkpoint"),
                RunAt = OptionalTime(o, "runAt") };
        if (o.TryGetProperty("prune", out _))
            return new LedgerRecord { Seq = seq, Kind = LedgerRecordKind.Prune, At = RequiredTime(o, "prune") };
        if (o.TryGetProperty("base", out _)) return new LedgerRecord { Seq = seq, Kind = LedgerRecordKind.Base };
        if (o.TryGetProperty("fact", out _))
            return new LedgerRecord { Seq = seq, Kind = LedgerRecordKind.Fact, FactName = RequiredString(o, "fact"),
                FactValue = RequiredString(o, "value") };
        if (o.TryGetProperty("forget", out _))
            return new LedgerRecord { Seq = seq, Kind = LedgerRecordKind.Forget, OrderId = RequiredString(o, "forget") };
        throw new FormatException($"journal record {seq} has no known operation");
    }

    public static byte[] SerializeSnapshot(LedgerState state, string tenant, string shop)
    {
        using var buffer = new MemoryStream(4096 + state.Entries.Count * 300);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("format", SnapshotFormat);
            w.WriteString("tenant", tenant);
            w.WriteString("shop", shop);
            w.WriteNumber("lastSeq", state.LastSeq);
            if (state.Checkpoint != null) w.WriteString("checkpoint", Format(state.Checkpoint.Value));
            if (state.ForgottenThrough != null) w.WriteString("forgottenThrough", Format(state.ForgottenThrough.Value));
            if (state.LastRunAt != null) w.WriteString("lastRunAt", Format(state.LastRunAt.Value));
            if (state.Facts.Count > 0)
            {
                w.WriteStartObject("facts");
                foreach (var fact in state.Facts) w.WriteString(fact.Key, fact.Value);
                w.WriteEndObject();
            }
            w.WriteStartArray("entries");
            foreach (var entry in state.Entries.Values) WriteEntry(w, entry);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static LedgerState ParseSnapshot(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        var o = document.RootElement;
        var format = OptionalString(o, "format");
        if (format != SnapshotFormat) throw new FormatException($"unknown format '{format ?? "(none)"}' (expected {SnapshotFormat})");
        var state = new LedgerState
        {
            LastSeq = o.GetProperty("lastSeq").GetInt64(),
            Checkpoint = OptionalTime(o, "checkpoint"),
            ForgottenThrough = OptionalTime(o, "forgottenThrough"),
            LastRunAt = OptionalTime(o, "lastRunAt"),
        };
        if (o.TryGetProperty("facts", out var facts) && facts.ValueKind == JsonValueKind.Object)
            foreach (var fact in facts.EnumerateObject())
                if (fact.Value.ValueKind == JsonValueKind.String) state.Facts[fact.Name] = fact.Value.GetString()!;
        foreach (var item in o.GetProperty("entries").EnumerateArray())
        {
            var entry = ReadEntry(item);
            state.Entries[entry.OrderId] = entry;
        }
        return state;
    }

    /// <summary>The tenant and shop a snapshot names (null when it does not).</summary>
    public static (string? Tenant, string? Shop) ParseSnapshotOwner(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        return (OptionalString(document.RootElement, "tenant"), OptionalString(document.RootElement, "shop"));
    }

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
        CultureInfo.InvariantCulture);

    private static string RequiredString(JsonElement o, string name) =>
        OptionalString(o, name) ?? throw new FormatException($"'{name}' is missing");

    private static string? OptionalString(JsonElement o, string name) =>
        o.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset RequiredTime(JsonElement o, string name) =>
        OptionalTime(o, name) ?? throw new FormatException($"'{name}' is missing");

    private static DateTimeOffset? OptionalTime(JsonElement o, string name)
    {
        var text = OptionalString(o, name);
        if (text == null) return null;
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
