using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AlloyShopifySlack.Setup
{
    /// <summary>The little HTTP/1.1 the callback listener speaks: the request line in, one small HTML answer out.</summary>
    internal static class LoopbackHttp
    {
        private const int MaxRequestBytes = 16 * 1024;

        public static async Task<(string Method, string Target)?> ReadRequestTargetAsync(Stream stream, CancellationToken ct)
        {
            var buffer = new byte[MaxRequestBytes];
            var length = 0;
            while (length < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer, length, buffer.Length - length, ct).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                var text = Encoding.ASCII.GetString(buffer, 0, length);
                if (text.Contains("\r\n\r\n") || text.Contains("\n\n")) break;
            }
            var head = Encoding.ASCII.GetString(buffer, 0, length);
            var end = head.IndexOf('\n');
            if (end < 0) return null;
            var parts = head.Substring(0, end).Trim().Split(' ');
            if (parts.Length != 3 || !parts[2].StartsWith("HTTP/", StringComparison.Ordinal)) return null;
            return (parts[0], parts[1]);
        }

        public static async Task WriteResponseAsync(Stream stream, int status, string html, CancellationToken ct)
        {
            var body = Encoding.UTF8.GetBytes(html);
            var reason = status == 200 ? "OK" : status == 400 ? "Bad Request" : "Not Found";
            var head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\n" +
                       "Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n";
            var headBytes = Encoding.ASCII.GetBytes(head);
            await stream.WriteAsync(headBytes, 0, headBytes.Length, ct).ConfigureAwait(false);
            await stream.WriteAsync(body, 0, body.Length, ct).ConfigureAwait(false);
            await stream.FlushAsync(ct).ConfigureAwait(false);
        }
    }
}
