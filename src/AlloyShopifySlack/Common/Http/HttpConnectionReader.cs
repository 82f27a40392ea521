namespace AlloyShopifySlack.Common.Http;

/// <summary>
/// Reads HTTP/1.1 requests off one connection, one after another (keep-alive). Strict and bounded: the head may not
/// exceed <see cref="MaxHeadBytes"/>, bodies need a Content-Length (no chunked uploads) within the body limit.
/// </summary>
internal sealed class HttpConnectionReader
{
    public const int MaxHeadBytes = 16 * 1024;
    private static readonly Encoding Latin1 = Encoding.GetEncoding("ISO-8859-1");

    private readonly Stream _stream;
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    public HttpConnectionReader(Stream stream) { _stream = stream; }

    /// <summary>Bytes of a next request are already here: the client sent it before reading the last answer (pipelining).</summary>
    public bool HasBufferedData => _end > _start;

    /// <summary>The next request head, or null when the client closed the connection between requests.</summary>
    public async Task<HttpRequestHead?> ReadHeadAsync(CancellationToken ct)
    {
        while (true)
        {
            var terminator = IndexOfHeadEnd();
            if (terminator >= 0)
            {
                var text = Latin1.GetString(_buffer, _start, terminator - _start);
                _start = terminator + 4;
                return HttpRequestHead.Parse(text);
            }
            if (_end - _start >= MaxHeadBytes) throw new BadHttpRequestException(431, "The request head is too large.");
            if (!await FillAsync(ct).ConfigureAwait(false))
            {
                if (_end == _start) return null;
                throw new BadHttpRequestException(400, "The connection closed in the middle of a request head.");
            }
        }
    }

    public async Task<byte[]> ReadBodyAsync(int length, CancellationToken ct)
    {
        var body = new byte[length];
        var copied = 0;
        while (copied < length)
        {
            if (_end == _start && !await FillAsync(ct).ConfigureAwait(false))
                throw new BadHttpRequestException(400, "The connection closed before the whole body arrived.");
            var chunk = Math.Min(length - copied, _end - _start);
            Buffer.BlockCopy(_buffer, _start, body, copied, chunk);
            _start += chunk;
            copied += chunk;
        }
        return body;
    }

    private int IndexOfHeadEnd()
    {
        for (var i = _start; i + 3 < _end; i++)
        {
            if (_buffer[i] == '\r' && _buffer[i + 1] == '\n' && _buffer[i + 2] == '\r' && _buffer[i + 3] == '\n') return i;
        }
        return -1;
    }

    private async Task<bool> FillAsync(CancellationToken ct)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxHeadBytes + 4096));
        var read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, ct).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }
}
