using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>
/// The embedded ledger: a snapshot (rewritten atomically) plus an append-only journal of changes, so that each
/// alert costs two short appended lines instead of a rewrite of the whole state. Thread-safe: the channels of one
/// run record concurrently.
/// </summary>
public sealed class FileOrderLedger : IOrderLedger
{
    private readonly object _sync = new object();
    private readonly LedgerPaths _paths;
    private readonly LedgerState _state;
    private readonly LedgerJournal? _journal;
    private readonly LedgerLock? _lock;
    private readonly FileLedgerOptions _options;
    private int _journalRecords;
    private bool _broken;

    private FileOrderLedger(LedgerPaths paths, LedgerState state, FileLedgerOptions options, LedgerJournal? journal, LedgerLock? heldLock,
        int journalRecords)
    {
        _paths = paths;
        _state = state;
        _options = options;
        _journal = journal;
        _lock = heldLock;
        _journalRecords = journalRecords;
    }

    public string Location => _paths.Snapshot;
    public LedgerPaths Paths => _paths;
    public DateTimeOffset? Checkpoint { get { lock (_sync) return _state.Checkpoint; } }
    public DateTimeOffset? ForgottenThrough { get { lock (_sync) return _state.ForgottenThrough; } }
    public DateTimeOffset? LastRunAt { get { lock (_sync) return _state.LastRunAt; } }
    public IReadOnlyCollection<LedgerEntry> Entries { get { lock (_sync) return _state.Entries.Values.ToList(); } }
    public IReadOnlyDictionary<string, string> Facts { get { lock (_sync) return new Dictionary<string, string>(_state.Facts,
        StringComparer.Ordinal); } }

    /// <summary>Takes the tenant's lock (waiting up to the options' timeout), then loads the state.</summary>
    public static async Task<FileOrderLedger> OpenAsync(LedgerPaths paths, FileLedgerOptions options, IClock clock,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.Directory);
        var heldLock = await LedgerLock.AcquireAsync(paths.Lock, options.LockTimeout, clock, cancellationToken).ConfigureAwait(false);
        try
        {
            var (state, journal) = Load(paths);
            if (journal.TornBytes > 0)
                OperationContext.Log.Write(LogLevel.Verbose, $"Dropped a torn last write ({journal.TornBytes} bytes) at the end of " +
                    $"'{paths.Journal}'.");
            var writer = LedgerJournal.OpenForAppend(paths.Journal, journal.ValidLength);
            var ledger = new FileOrderLedger(paths, state, options, writer, heldLock, journal.Records.Count);
            if (writer.Length > options.CompactAtOpenBytes) ledger.Compact(force: true);
            return ledger;
        }
        catch
        {
            heldLock.Dispose();
            throw;
        }
    }

    /// <summary>Reads the state without the lock and without changing anything (-WhatIf, Get-OrderSyncState).</summary>
    public static FileOrderLedger OpenReadOnly(LedgerPaths paths)
    {
        var (state, _) = Load(paths);
        return new FileOrderLedger(paths, state, new FileLedgerOptions(), null, null, 0);
    }

    public static bool Exists(LedgerPaths paths) => File.Exists(paths.Snapshot) || File.Exists(paths.Journal);

    private static (LedgerState, JournalContents) Load(LedgerPaths paths)
    {
        var state = ReadSnapshot(paths);
        var journal = LedgerJournal.Read(paths.Journal);
        foreach (var record in journal.Records)
        {
            if (record.Kind == LedgerRecordKind.Base && record.Seq > state.LastSeq)
            {
                var reason = File.Exists(paths.Snapshot)
                    ? $"it holds changes up to record {state.LastSeq}, but its journal '{paths.Journal}' continues from record {record.Seq}"
                    : $"it is missing, but its journal '{paths.Journal}' continues from record {record.Seq}";
                throw SyncStateException.Unreadable(paths.Snapshot, reason);
            }
            if (record.Seq > state.LastSeq) state.Apply(record);
        }
        return (state, journal);
    }

    private static LedgerState ReadSnapshot(LedgerPaths paths)
    {
        if (!File.Exists(paths.Snapshot)) return new LedgerState();
        try
        {
            byte[] bytes;
            using (var stream = new FileStream(paths.Snapshot, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }
            return LedgerJson.ParseSnapshot(bytes);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException || ex is FormatException || ex is InvalidOperationException
            || ex is KeyNotFoundException || ex is ArgumentException || ex is OverflowException)
        {
            throw SyncStateException.Unreadable(paths.Snapshot, ex.Message, ex);
        }
    }

    public LedgerEntry? Find(string orderId)
    {
        lock (_sync) return _state.Entries.TryGetValue(orderId, out var entry) ? entry : null;
    }

    public void Put(IReadOnlyList<LedgerEntry> entries, bool durable = true)
    {
        if (entries.Count == 0) return;
        Append(seq => new LedgerRecord { Seq = seq, Kind = LedgerRecordKind.Put, Entries = entries }, durable);
    }

    public void Forget(string orderId)
    {
        lock (_sync)
        {
            if (!_state.Entries.ContainsKey(orderId)) return;
            Append(seq => new LedgerRecord { Seq = seq, Kind = LedgerRecordKind.Forget, OrderId = orderId }, durable: false);
        }
    }

    public void SetCheckpoint(DateTimeOffset checkpoint, DateTimeOffset runAt) =>
        Append(seq => new LedgerRecord { Seq = seq, Kind = LedgerRecordKind.Checkpoint, At = checkpoint, RunAt = runAt }, durable: false);

    public void SetFact(string name, string value)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("A fact needs a name.", nameof(name));
        lock (_sync)
        {
            if (_state.Facts.TryGetValue(name, out var known) && known == value) return;
            Append(seq => new LedgerRecord { Seq = seq, Kind = LedgerRecordKind.Fact, FactName = name, FactValue = value ?? string.Empty },
                durable: false);
        }
    }

    public int Prune(DateTimeOffset cutoff)
    {
        lock (_sync)
        {
            var doomed = _state.Entries.Values.Count(e => e.CanBePruned && e.CreatedAt < cutoff);
            if (doomed == 0) return 0;
            Append(seq => new LedgerRecord { Seq = seq, Kind = LedgerRecordKind.Prune, At = cutoff }, durable: false);
            return doomed;
        }
    }

    public void Compact(bool force = false)
    {
        lock (_sync)
        {
            var journal = RequireWritable();
            if (!force && _journalRecords < _options.CompactAfterRecords && journal.Length < _options.CompactAfterBytes) return;
            var bytes = LedgerJson.SerializeSnapshot(_state, _paths.Tenant, _paths.Shop);
            AtomicFile.Write(_paths.Snapshot, bytes);
            // A crash here leaves the old journal beside the new snapshot: its records are all <= LastSeq, so skipped.
            journal.Restart(_state.LastSeq);
            _journalRecords = 0;
        }
    }

    /// <summary>Replaces the whole state (Import-OrderSyncState) and folds it into a fresh snapshot at once.</summary>
    internal void ReplaceWith(LedgerState imported)
    {
        lock (_sync)
        {
            RequireWritable();
            _state.Entries.Clear();
            foreach (var entry in imported.Entries) _state.Entries[entry.Key] = entry.Value;
            _state.Facts.Clear();
            foreach (var fact in imported.Facts) _state.Facts[fact.Key] = fact.Value;
            _state.Checkpoint = imported.Checkpoint;
            _state.ForgottenThrough = imported.ForgottenThrough;
            _state.LastRunAt = imported.LastRunAt;
            _state.LastSeq++; // past every journal record, so none of them is replayed over the imported state
            Compact(force: true);
        }
    }

    private void Append(Func<long, LedgerRecord> make, bool durable)
    {
        lock (_sync)
        {
            var journal = RequireWritable();
            var record = make(_state.LastSeq + 1);
            try
            {
                journal.Append(record, durable && _options.Durable); // written first: the state in memory never runs ahead of the file
            }
            catch
            {
                // A half-written line may now end the journal; appending after it would bury it mid-file.
                _broken = true;
                throw;
            }
            _state.Apply(record);
            _journalRecords++;
        }
    }

    private LedgerJournal RequireWritable()
    {
        if (_broken) throw new IOException($"An earlier write to '{_paths.Journal}' failed; this run stops changing the sync state (the " +
            "next run repairs its end).");
        return _journal ?? throw new InvalidOperationException("This view of the sync state is read-only.");
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _journal?.Dispose();
            _lock?.Dispose();
        }
    }
}

public sealed class FileLedgerOptions
{
    /// <summary>How long a run waits for another run of the same tenant and shop to finish.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>fsync the writes that ask for it (intents must survive a power cut); off only in benchmarks that measure it.</summary>
    public bool Durable { get; init; } = true;
    public int CompactAfterRecords { get; init; } = 512;
    public long CompactAfterBytes { get; init; } = 256 * 1024;
    public long CompactAtOpenBytes { get; init; } = 1024 * 1024;
}
