namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>
/// The append-only journal next to the snapshot: one line per change, "crc32 json\n". A crash can only tear the
/// end of the file, so invalid lines at the end are dropped; an invalid line followed by valid ones is damage
/// (not a crash) and is reported, never skipped.
/// </summary>
internal sealed class LedgerJournal : IDisposable
{
    private readonly FileStream _stream;

    private LedgerJournal(FileStream stream) { _stream = stream; }

    public string Path => _stream.Name;

    public long Length => _stream.Length;

    /// <summary>Opens for appending, cutting off a torn end first so that new lines never follow garbage.</summary>
    public static LedgerJournal OpenForAppend(string path, long validLength)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 4096, FileOptions.None);
        if (stream.Length != validLength)
        {
            stream.SetLength(validLength);
            stream.Flush(true);
        }
        stream.Seek(0, SeekOrigin.End);
        return new LedgerJournal(stream);
    }

    /// <summary>Appends one line; <paramref name="toDisk"/> also fsyncs (which covers every earlier line of the file).</summary>
    public void Append(LedgerRecord record, bool toDisk)
    {
        var line = Encode(record);
        _stream.Write(line, 0, line.Length);
        // Flushed to the OS always (a killed process loses nothing); to the disk when an intent must survive a power cut.
        _stream.Flush(toDisk);
    }

    /// <summary>Empties the journal after a snapshot took its records in; starts it with a base marker.</summary>
    public void Restart(long baseSeq)
    {
        _stream.SetLength(0);
        _stream.Seek(0, SeekOrigin.Begin);
        Append(new LedgerRecord { Seq = baseSeq, Kind = LedgerRecordKind.Base }, toDisk: true);
    }

    public static byte[] Encode(LedgerRecord record)
    {
        var json = LedgerJson.SerializeRecord(record);
        var crc = Crc32.Compute(json, 0, json.Length).ToString("x8", CultureInfo.InvariantCulture);
        var line = new byte[9 + json.Length + 1];
        Encoding.ASCII.GetBytes(crc, 0, 8, line, 0);
        line[8] = (byte)' ';
        Buffer.BlockCopy(json, 0, line, 9, json.Length);
        line[line.Length - 1] = (byte)'\n';
        return line;
    }

    /// <summary>Reads every whole record; <see cref="JournalContents.ValidLength"/> is where the valid part ends.</summary>
    public static JournalContents Read(string path)
    {
        var contents = new JournalContents();
        if (!File.Exists(path)) return contents;
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            bytes = new byte[stream.Length];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = stream.Read(bytes, read, bytes.Length - read);
                if (n == 0) break;
                read += n;
            }
            if (read < bytes.Length) Array.Resize(ref bytes, read);
        }

        var start = 0;
        var lineNumber = 0;
        int? firstBadLine = null;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0) break; // no newline: the last write never finished
            lineNumber++;
            var record = TryDecode(bytes, start, end - start);
            if (record == null)
            {
                firstBadLine ??= lineNumber;
            }
            else
            {
                if (firstBadLine != null)
                    throw SyncStateException.Unreadable(path, $"journal line {firstBadLine} is damaged and later lines are valid, so it " +
                        "is not a torn last write");
                contents.Records.Add(record);
                contents.ValidLength = end + 1;
            }
            start = end + 1;
        }
        contents.TornBytes = bytes.Length - contents.ValidLength;
        return contents;
    }

    private static LedgerRecord? TryDecode(byte[] bytes, int offset, int count)
    {
        if (count < 11 || bytes[offset + 8] != (byte)' ') return null;
        var crcText = Encoding.ASCII.GetString(bytes, offset, 8);
        if (!uint.TryParse(crcText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var expected)) return null;
        if (Crc32.Compute(bytes, offset + 9, count - 9) != expected) return null;
        try
        {
            using var document = JsonDocument.Parse(new ReadOnlyMemory<byte>(bytes, offset + 9, count - 9));
            return LedgerJson.ParseRecord(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is InvalidOperationException
            || ex is KeyNotFoundException || ex is ArgumentException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}

internal sealed class JournalContents
{
    public List<LedgerRecord> Records { get; } = new List<LedgerRecord>();
    public long ValidLength { get; set; }
    public long TornBytes { get; set; }
}
