using System.Text.Encodings.Web;

namespace AlloyShopifySlack.Emulator.Infrastructure;

/// <summary>One HTTP answer, built by a handler and possibly bent by a fault before it is written.</summary>
public sealed class Reply
{
    // Real APIs send UTF-8 text as is (no \u escapes), including <, > and &: clients must cope with that.
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public int Status { get; init; } = 200;
    public JsonNode? Body { get; init; }
    public string? Text { get; set; }
    public string ContentType { get; init; } = "application/json; charset=utf-8";
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static Reply Json(JsonNode? body, int status = 200) => new() { Status = status, Body = body };

    public static Reply Message(int status, string message) => Json(new JsonObject { ["message"] = message }, status);

    public static Reply Html(string html, int status = 200) => new() { Status = status, Text = html,
        ContentType = "text/html; charset=utf-8" };

    public static Reply Redirect(string location)
    {
        var reply = new Reply { Status = 302, Text = string.Empty, ContentType = "text/plain" };
        reply.Headers["Location"] = location;
        return reply;
    }

    public string RenderText() => Text ?? (Body == null ? "null" : Body.ToJsonString(JsonOptions));

    public async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = Status;
        foreach (var header in Headers) response.Headers[header.Key] = header.Value;
        response.ContentType = ContentType;
        await response.WriteAsync(RenderText(), context.RequestAborted);
    }
}
