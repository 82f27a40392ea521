namespace AlloyShopifySlack.Common.Http;

/// <summary>
/// A request line and header fields, read strictly (RFC 9112): field names are tokens with no whitespace before the
/// colon, values hold no CR, LF or NUL, HTTP/1.1 needs exactly one Host, HEAD carries no body, and framing
/// that could be read two ways (two lengths, a length with chunking) is refused. Anything else is a 400.
/// </summary>
internal sealed record HttpRequestHead(string Method, string Target, string Version, Dictionary<string, string> Headers)
{
    private const int MaxHeaders = 100;

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
                throw new BadHttpRequestException(hasLength ? 400 : 411, "Send the body with a Content-Length (chunked uploads are " +
                    "not accepted).");
            if (!hasLength) return 0;
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                throw new BadHttpRequestException(400, "The Content-Length is not a number.");
            return length;
        }
    }

    public static HttpRequestHead Parse(string text)
    {
        var lines = text.Split(new[] { "\r\n" }, StringSplitOptions.None);
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || !IsToken(parts[0]) || parts[1].Length == 0 || HasControl(parts[1])
            || (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0"))
            throw new BadHttpRequestException(400, "The request line is not HTTP/1.x.");
        if (lines.Length - 1 > MaxHeaders) throw new BadHttpRequestException(431, "Too many header fields.");

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var hosts = 0;
        for (var i = 1; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':');
            if (colon <= 0) throw new BadHttpRequestException(400, "A header line is malformed.");
            var name = lines[i].Substring(0, colon);
            if (!IsToken(name)) throw new BadHttpRequestException(400, "A header name is not a token (no spaces, no whitespace " +
                "before the colon).");
            var value = lines[i].Substring(colon + 1);
            if (HasControl(value)) throw new BadHttpRequestException(400, "A header value holds CR, LF or NUL.");
            value = value.Trim(' ', '\t');
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase)) hosts++;
            if (headers.TryGetValue(name, out var earlier))
            {
                // Two different lengths is how request smuggling starts; other repeats are joined as HTTP allows.
                var isLength = string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase);
                if (isLength && earlier != value) throw new BadHttpRequestException(400, "Conflicting Content-Length headers.");
                value = isLength ? earlier : earlier + ", " + value;
            }
            headers[name] = value;
        }
        if (parts[2] == "HTTP/1.1" && hosts != 1) throw new BadHttpRequestException(400, "HTTP/1.1 needs exactly one Host header.");
        var head = new HttpRequestHead(parts[0], parts[1], parts[2], headers);
        if (head.Method == "HEAD" && (head.ContentLength > 0 || headers.ContainsKey("Transfer-Encoding")))
            throw new BadHttpRequestException(400, "A HEAD request has no body.");
        return head;
    }

    private static bool IsToken(string text)
    {
        if (text.Length == 0) return false;
        foreach (var c in text)
        {
            var ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    private static bool HasControl(string text)
    {
        foreach (var c in text)
            if (c == '\r' || c == '\n' || c == '\0') return true;
        return false;
    }
}
