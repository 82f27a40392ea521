using AlloyShopifySlack.Common.Http;

namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>
/// The checks every request passes before anything is done for it, cheapest and least revealing first:
/// path, method, signature (over the raw bytes, before any parsing), then the form and its JSON.
/// </summary>
internal static class InteractionRequestGate
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    /// <summary>Null when the request is a verified interaction (<paramref name="payload"/> set); else the refusal to send.</summary>
    public static ListenerResponse? Check(ListenerRequest request, string path, SlackSignatureVerifier verifier,
        out InteractionPayload? payload)
    {
        payload = null;
        var requestPath = request.Path.Length > 1 ? request.Path.TrimEnd('/') : request.Path;
        if (!string.Equals(requestPath, path, StringComparison.Ordinal)) return new ListenerResponse(404, "Not found.");
        if (!string.Equals(request.Method, "POST", StringComparison.Ordinal))
            return new ListenerResponse(405, "Only POST is accepted here.") { Allow = "POST" };

        var verdict = verifier.Verify(request.Header(TimestampHeader), request.Header(SignatureHeader), request.Body);
        if (verdict != SignatureVerdict.Valid) return new ListenerResponse(401, Describe(verdict));

        if (!InteractionPayloadParser.IsFormContentType(request.Header("Content-Type")))
            return new ListenerResponse(400, "The body must be application/x-www-form-urlencoded with a payload field.");
        try
        {
            payload = InteractionPayloadParser.Parse(request.Body, 0, request.Body.Length);
            return null;
        }
        catch (InteractionPayloadException ex)
        {
            return new ListenerResponse(400, ex.Message);
        }
    }

    private static string Describe(SignatureVerdict verdict) => verdict switch
    {
        SignatureVerdict.Missing => "The X-Slack-Signature or X-Slack-Request-Timestamp header is missing.",
        SignatureVerdict.Malformed => "The X-Slack-Request-Timestamp header is not a Unix time.",
        SignatureVerdict.Stale => "The request timestamp is more than five minutes from now (a replay, or a clock out of sync).",
        SignatureVerdict.Replayed => "This request was already received (a replay).",
        _ => "The signature does not match (check the signing secret).",
    };
}
