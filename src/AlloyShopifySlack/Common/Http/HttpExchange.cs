using System.Net;

namespace AlloyShopifySlack.Common.Http;

/// <summary>One HTTP request as the small server read it: the body is the raw bytes, untouched.</summary>
/// <param name="Target">The request target as sent (path and query).</param>
public sealed record ListenerRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body,
    IPEndPoint? Remote)
{
    /// <summary>The path without the query string.</summary>
    public string Path
    {
        get
        {
            var query = Target.IndexOf('?');
            return query >= 0 ? Target.Substring(0, query) : Target;
        }
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    // Not the query (an OAuth callback's holds the code) nor the headers and body (signatures, payloads).
    public override string ToString() => Method + " " + Path;
}

/// <summary>A short answer: plain text unless <see cref="ContentType"/> says otherwise (the OAuth callback sends a page).</summary>
public sealed class ListenerResponse
{
    public ListenerResponse(int statusCode, string? text = null, bool closeConnection = false)
    {
        StatusCode = statusCode;
        Text = text ?? string.Empty;
        CloseConnection = closeConnection;
    }

    public int StatusCode { get; }
    public string Text { get; }
    public bool CloseConnection { get; }
    /// <summary>For 405: the methods the path accepts.</summary>
    public string? Allow { get; set; }
    public string ContentType { get; set; } = "text/plain; charset=utf-8";
    /// <summary>Further header fields, e.g. Cache-Control on a page that must not be kept.</summary>
    public IList<KeyValuePair<string, string>> ExtraHeaders { get; } = new List<KeyValuePair<string, string>>();
    /// <summary>Called once this answer has been written (the OAuth callback completes only after the browser has its page).</summary>
    public Action? Sent { get; set; }

    public static string ReasonPhrase(int statusCode) => statusCode switch
    {
        100 => "Continue",
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status " + statusCode,
    };
}

/// <summary>The request could not be read as HTTP: answer <see cref="StatusCode"/> and close the connection.</summary>
internal sealed class BadHttpRequestException : Exception
{
    public BadHttpRequestException(int statusCode, string message) : base(message) { StatusCode = statusCode; }
    public int StatusCode { get; }
}
