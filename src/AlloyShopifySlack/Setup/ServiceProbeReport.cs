using System.Text.RegularExpressions;

namespace AlloyShopifySlack.Setup;

/// <summary>
/// What Test-AlloyConnection -Deep found out about the service (type name AlloyShopifySlack.ServiceProbeReport).
/// Null means "not found out" (the step could not run; <see cref="Notes"/> says why). <see cref="Text"/> is the
/// report to paste into a bug report: it names no key, no token and only the last characters of ids.
/// </summary>
public sealed class ServiceProbeReport
{
    public const string TypeName = "AlloyShopifySlack.ServiceProbeReport";

    public DateTimeOffset ProbedAt { get; set; }
    public string ModuleVersion { get; set; } = string.Empty;
    public string BaseUri { get; set; } = string.Empty;
    public string ApiVersion { get; set; } = string.Empty;
    public string? UserId { get; set; }

    /// <summary>responseData ({executionId, status, responseData}), result ({success, result}) or bare.</summary>
    public string? Envelope { get; set; }
    /// <summary>What each credential listing answered for the Shopify connector.</summary>
    public IReadOnlyList<Alloy.CredentialListingProbe> CredentialListings { get; set; } = Array.Empty<Alloy.CredentialListingProbe>();

    /// <summary>How Alloy relayed the refusal of listOrders first=250: none (accepted), "200" (Shopify's body passed through) or "HTTP
    /// 4xx".</summary>
    public string? ShopifyCostRefusal { get; set; }
    /// <summary>The requested cost of listOrders first=250 (from the refusal, or from extensions.cost when accepted).</summary>
    public int? ShopifyRequestedCost { get; set; }
    public int? ShopifyMaxCost { get; set; }
    /// <summary>The largest page size seen accepted (250 when nothing was refused).</summary>
    public int? ShopifyPageSize { get; set; }

    public bool? SlackSchemaDeclaresMetadata { get; set; }
    public bool? SlackSchemaDeclaresIncludeAllMetadata { get; set; }
    public string? SlackChannel { get; set; }
    /// <summary>The most messages one conversations.history call returned while it said there were more; null when the channel had too few
    /// to tell.</summary>
    public int? SlackHistoryPageSize { get; set; }
    public int? SlackHistoryMessages { get; set; }
    public bool? SlackHistoryHasMore { get; set; }
    /// <summary>Whether any message in the history page carried metadata.</summary>
    public bool? MetadataInHistory { get; set; }

    /// <summary>The Google Sheets connector's id(s) in Alloy's list.</summary>
    public string? SheetsConnectorId { get; set; }

    public List<string> Notes { get; } = new List<string>();
    /// <summary>The facts now kept on the connection for the rest of the session (name=value).</summary>
    public IReadOnlyDictionary<string, string> Learned { get; set; } = new Dictionary<string, string>();

    public string Text => Render();

    /// <summary>Masks the API key (set by the probe, which knows it); applied to the whole text.</summary>
    internal Func<string, string>? Redactor { get; set; }

    public override string ToString() => Text;

    private string Render()
    {
        var text = new StringBuilder();
        void Line(string label, string value) => text.Append(label.PadRight(30)).Append(value).Append('\n');
        text.Append($"AlloyShopifySlack service probe (module {ModuleVersion}," +
            $" {ProbedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)})\n");
        Line("Alloy", $"{BaseUri} x-api-version {ApiVersion}, user {Tail(UserId)}");
        Line("Execute envelope", Envelope ?? "unknown");
        Line("Credential listings (shopify)", CredentialListings.Count == 0 ? "unknown" : string.Join("; ", CredentialListings));
        Line("Shopify listOrders first=250", DescribeShopify());
        Line("Slack schema: metadata", YesNo(SlackSchemaDeclaresMetadata, "declared by chat_postMessage",
            "not declared by chat_postMessage"));
        Line("Slack schema: history", YesNo(SlackSchemaDeclaresIncludeAllMetadata, "include_all_metadata declared",
            "include_all_metadata not declared"));
        Line("Slack history", DescribeHistory());
        Line("Google Sheets connector", SheetsConnectorId ?? "not listed");
        if (Learned.Count > 0) Line("Kept for this session", string.Join(", ", Learned.Select(f => f.Key + "=" + f.Value)));
        foreach (var note in Notes) Line("Note", note);
        var rendered = text.ToString();
        return Scrub(Redactor != null ? Redactor(rendered) : rendered);
    }

    private string DescribeShopify()
    {
        if (ShopifyCostRefusal == null) return "unknown";
        var cost = ShopifyRequestedCost.HasValue ? $"requested cost {ShopifyRequestedCost}" : "cost not reported";
        if (ShopifyCostRefusal == "none") return $"accepted ({cost}); page " +
            $"size {ShopifyPageSize?.ToString(CultureInfo.InvariantCulture) ?? "250"}";
        var fits = ShopifyPageSize.HasValue ? $"; first={ShopifyPageSize} accepted" : "; no smaller page confirmed";
        return $"refused as MAX_COST_EXCEEDED ({ShopifyCostRefusal}; {cost}, " +
            $"max {ShopifyMaxCost?.ToString(CultureInfo.InvariantCulture) ?? "?"}){fits}";
    }

    private string DescribeHistory()
    {
        if (SlackHistoryMessages == null) return "unknown";
        var size = SlackHistoryPageSize.HasValue ? $"page size {SlackHistoryPageSize}" : "page size not reached (too few messages)";
        var metadata = MetadataInHistory == true ? "metadata comes back" : "no message carries metadata";
        return $"{SlackChannel}: {SlackHistoryMessages} message(s) for limit=100, " +
            $"has_more {(SlackHistoryHasMore == true ? "true" : "false")}: {size}; {metadata}";
    }

    private static string YesNo(bool? value, string yes, string no) => value == null ? "unknown (no schema)" : value.Value ? yes : no;

    /// <summary>"…d75c": enough to tell ids apart in a report without handing them out.</summary>
    internal static string Tail(string? id) => string.IsNullOrEmpty(id) ? "(none)"
        : id!.Length <= 6 ? id : "…" + id.Substring(id.Length - 4);

    private static readonly Regex Tokens = new Regex(
        @"(xox[abposr]-[A-Za-z0-9-]+|shp(at|ca|pa|ss)_[A-Za-z0-9]+|(?i:bearer)\s+[A-Za-z0-9._~+/=-]+|ya29\.[A-Za-z0-9._-]+)",
            RegexOptions.CultureInvariant);

    /// <summary>Masks anything shaped like a Slack, Shopify or Google token, or a bearer credential, that a server echoed.</summary>
    internal static string Scrub(string text) => Tokens.Replace(text, Common.SecretText.Mask);
}
