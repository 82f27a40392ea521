using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AlloyShopifySlack.Slack.Interactions.Http
{
    /// <summary>
    /// Reads HTTP/1.1 requests off one connection, one after another (keep-alive). Strict and bounded: the head may not
    /// exceed <see cref="MaxHeadBytes"/>, bodies need a Content-Length (no chunked uploads) within the body limit.
    /// </summary>
    internal sealed class HttpConnectionReader
    {
        public const int MaxHeadBytes = 16 * 1024;
        private const int MaxHeaders = 100;
        private static readonly Encoding Latin1 = Encoding.GetEncoding("ISO-8859-1");

        private readonly Stream _stream;
        private byte[] _buffer = new byte[4096];
        private int _start;
        private int _end;

        public HttpConnectionReader(Stream stream) { _stream = stream; }

        /// <summary>The next request head, or null when the client closed the connection between requests.</summary>
        public async Task<RequestHead?> ReadHeadAsync(CancellationToken ct)
        {
            while (true)
            {
                var terminator = IndexOfHeadEnd();
                if (terminator >= 0)
                {
                    var text = Latin1.GetString(_buffer, _start, terminator - _start);
                    _start = terminator + 4;
                    return RequestHead.Parse(text);
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

        internal sealed class RequestHead
        {
            private RequestHead(string method, string target, string version, Dictionary<string, string> headers)
            {
                Method = method;
                Target = target;
                Version = version;
                Headers = headers;
            }

            public string Method { get; }
            public string Target { get; }
            public string Version { get; }
            public Dictionary<string, string> Headers { get; }

            public bool KeepAlive
            {
                get
                {
                    Headers.TryGetValue("Connection", out var connection);
                    var tokens = (connection ?? string.Empty).ToLowerInvariant();
                    return Version == "HTTP/1.1" ? !tokens.Contains("close") : tokens.Contains("keep-alive");
                }
            }

            /// <summary>The declared body length; 0 when there is none. Refuses chunked and contradictory framing.</summary>
            public long ContentLength
            {
                get
                {
                    var hasLength = Headers.TryGetValue("Content-Length", out var text);
                    if (Headers.ContainsKey("Transfer-Encoding"))
                        throw new BadHttpRequestException(hasLength ? 400 : 411, "Send the body with a Content-Length (chunked uploads are not accepted).");
                    if (!hasLength) return 0;
                    if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                        throw new BadHttpRequestException(400, "The Content-Length is not a number.");
                    return length;
                }
            }

            public static RequestHead Parse(string text)
            {
                var lines = text.Split(new[] { "\r\n" }, StringSplitOptions.None);
                var parts = lines[0].Split(' ');
                if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
                    throw new BadHttpRequestException(400, "The request line is not HTTP/1.x.");
                if (lines.Length - 1 > MaxHeaders) throw new BadHttpRequestException(431, "Too many header fields.");

                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (var i = 1; i < lines.Length; i++)
                {
                    var colon = lines[i].IndexOf(':');
                    if (colon <= 0 || lines[i][0] == ' ' || lines[i][0] == '\t') throw new BadHttpRequestException(400, "A header line is malformed.");
                    var name = lines[i].Substring(0, colon);
                    var value = lines[i].Substring(colon + 1).Trim();
                    if (headers.TryGetValue(name, out var earlier))
                    {
                        // Two different lengths is how request smuggling starts; other repeats are joined as HTTP allows.
                        if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase) && earlier != value)
                            throw new BadHttpRequestException(400, "Conflicting Content-Length headers.");
                        value = earlier + ", " + value;
                        if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase)) value = earlier;
                    }
                    headers[name] = value;
                }
                return new RequestHead(parts[0], parts[1], parts[2], headers);
            }
        }
    }
}
