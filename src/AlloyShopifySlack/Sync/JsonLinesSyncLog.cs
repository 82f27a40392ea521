using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Sync;

/// <summary>
/// -LogPath: one JSON object per line, one per alert as it is settled and one per run. Orders are named by id,
/// number and total; no customer data and no secret is ever written. Appends, so several runs share a file.
/// </summary>
public sealed class JsonLinesSyncLog : ISyncEventSink, IDisposable
{
    // One lock per file for the whole process: tenants synced side by side append to one -LogPath through
    // streams of their own, and each must write at the file's end, not where its stream last was.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> FileLocks =
        new System.Collections.Concurrent.ConcurrentDictionary<string, object>(StringComparer.Ordinal);
    private readonly object _sync;
    private readonly FileStream _file;
    private readonly string _tenant;
    private readonly string _shop;

    public JsonLinesSyncLog(string path, string tenant, string shop)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _sync = FileLocks.GetOrAdd(Path.GetFullPath(path), _ => new object());
        _tenant = tenant;
        _shop = shop;
    }

    public void OnAlert(AlertOutcome outcome) => Write(w =>
    {
        w.WriteString("event", "alert");
        w.WriteString("time", LedgerJson.Format(outcome.At));
        w.WriteString("tenant", _tenant);
        w.WriteString("shop", _shop);
        w.WriteString("orderId", outcome.OrderId);
        w.WriteString("order", outcome.OrderName);
        w.WriteNumber("total", outcome.Total);
        w.WriteString("currency", outcome.Currency);
        w.WriteString("channel", outcome.Channel);
        w.WriteString("status", outcome.Status.ToString());
        w.WriteString("detail", outcome.Detail);
        if (outcome.Ts != null) w.WriteString("ts", outcome.Ts);
        if (outcome.DigestId != null) w.WriteString("digest", outcome.DigestId);
        if (outcome.Error != null) w.WriteString("error", outcome.Error);
        if (outcome.ErrorId != null) w.WriteString("errorId", outcome.ErrorId);
        if (outcome.Attempts > 0) w.WriteNumber("attempts", outcome.Attempts);
        if (outcome.NextAttemptAt != null) w.WriteString("nextAttemptAt", LedgerJson.Format(outcome.NextAttemptAt.Value));
    });

    public void OnRun(OrderSyncResult result) => Write(w =>
    {
        w.WriteString("event", "run");
        w.WriteString("time", LedgerJson.Format(result.StartedAt + result.Duration));
        w.WriteString("tenant", _tenant);
        w.WriteString("shop", _shop);
        w.WriteString("status", result.Succeeded ? "Succeeded" : "CompletedWithErrors");
        w.WriteString("startedAt", LedgerJson.Format(result.StartedAt));
        w.WriteNumber("durationMs", (long)result.Duration.TotalMilliseconds);
        w.WriteString("since", LedgerJson.Format(result.Since));
        w.WriteNumber("ordersFetched", result.OrdersFetched);
        w.WriteNumber("highValueOrders", result.HighValueOrders);
        w.WriteNumber("messagesSent", result.MessagesSent);
        w.WriteNumber("alertsSent", result.AlertsSent);
        w.WriteNumber("digests", result.Digests);
        w.WriteNumber("duplicatesSkipped", result.DuplicatesSkipped);
        w.WriteNumber("reconciled", result.Reconciled);
        w.WriteNumber("failed", result.Failed);
        w.WriteNumber("pending", result.Pending);
        w.WriteNumber("stillFailing", result.StillFailing);
        w.WriteNumber("threshold", result.Threshold);
        w.WriteString("currency", result.Currency);
        w.WriteStartArray("channels");
        foreach (var channel in result.Channels) w.WriteStringValue(channel);
        w.WriteEndArray();
        if (result.Checkpoint != null) w.WriteString("checkpoint", LedgerJson.Format(result.Checkpoint.Value));
        w.WriteStartArray("errors");
        foreach (var error in result.Errors) w.WriteStringValue(error);
        w.WriteEndArray();
    });

    /// <summary>A run that failed before it could report (no credentials, state unreadable, Shopify down).</summary>
    public void OnRunFailed(DateTimeOffset at, string errorId, string message) => Write(w =>
    {
        w.WriteString("event", "run");
        w.WriteString("time", LedgerJson.Format(at));
        w.WriteString("tenant", _tenant);
        w.WriteString("shop", _shop);
        w.WriteString("status", "Failed");
        w.WriteString("errorId", errorId);
        w.WriteString("error", message);
    });

    private void Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        lock (_sync)
        {
            buffer.Position = 0;
            _file.Seek(0, SeekOrigin.End);
            buffer.CopyTo(_file);
            _file.Flush();
        }
    }

    public void Dispose()
    {
        lock (_sync) _file.Dispose();
    }
}
