using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Setup;

/// <summary>
/// Test-AlloyConnection -Deep: read-only calls that find out which of the possible variants the service shows
/// (docs/api-facts.md lists them), recorded in a <see cref="ServiceProbeReport"/> and kept on the connection
/// (<see cref="AlloyClient.Learned"/>) so that later commands in the session use them. Nothing is posted or changed.
/// </summary>
public sealed class ServiceProbe
{
    /// <summary>Margin under Shopify's single-query limit for the page size estimate (costs vary by order).</summary>
    private const int AskedPage = 250, AskedHistory = 100;

    private readonly AlloyClient _client;

    public ServiceProbe(AlloyClient client) { _client = client; }

    public async Task<ServiceProbeReport> RunAsync(HealthCheckSettings settings, CancellationToken ct)
    {
        var report = new ServiceProbeReport
        {
            ProbedAt = _client.Options.Clock.UtcNow,
            ModuleVersion = typeof(ServiceProbe).Assembly.GetName().Version?.ToString(3) ?? "?",
            BaseUri = _client.Options.BaseUri.GetLeftPart(UriPartial.Authority) + "/",
            ApiVersion = _client.Options.ApiVersion,
            UserId = _client.UserId,
            Redactor = _client.Redact,
        };
        await Step(report, "Credential listings", async () =>
            report.CredentialListings = await _client.ProbeCredentialListingsAsync(settings.ShopifyConnectorId, ct).ConfigureAwait(false))
                .ConfigureAwait(false);
        if (!string.IsNullOrEmpty(settings.ShopifyCredentialId))
            await Step(report, "Shopify", () => ProbeShopifyAsync(report, settings, ct)).ConfigureAwait(false);
        else report.Notes.Add("Shopify not probed: no credential (SHOPIFY_CREDENTIAL_ID).");
        await Step(report, "Slack schemas", async () =>
        {
            var post = await _client.GetActionSchemaAsync(settings.SlackConnectorId, "chat_postMessage", ct).ConfigureAwait(false);
            var history = await _client.GetActionSchemaAsync(settings.SlackConnectorId, "conversations_history", ct).ConfigureAwait(false);
            report.SlackSchemaDeclaresMetadata = post?.Declares("metadata");
            report.SlackSchemaDeclaresIncludeAllMetadata = history?.Declares("include_all_metadata");
            Learn(ServiceFacts.SlackSchemaDeclaresMetadata, report.SlackSchemaDeclaresMetadata);
        }).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(settings.SlackCredentialId) && !string.IsNullOrEmpty(settings.SlackChannelId))
            await Step(report, "Slack history", () => ProbeHistoryAsync(report, settings, ct)).ConfigureAwait(false);
        else report.Notes.Add("Slack history not probed: it needs SLACK_CREDENTIAL_ID and SLACK_CHANNEL_ID (or -Channel).");
        await Step(report, "Google Sheets", async () =>
        {
            var connectors = await _client.ListConnectorsAsync(ct).ConfigureAwait(false);
            var sheets = connectors.Where(c => GoogleSheetsConnector.Normalize(c.Id) == "googlesheets"
                || GoogleSheetsConnector.Normalize(c.Name) == "googlesheets").ToList();
            report.SheetsConnectorId = sheets.Count == 0 ? null : string.Join(", ", sheets.Select(c => c.Id));
            if (sheets.Count > 0) _client.Learned.Set(ServiceFacts.SheetsConnectorId, sheets[0].Id);
        }).ConfigureAwait(false);
        report.Envelope = _client.Learned.Get(ServiceFacts.Envelope);
        report.Learned = _client.Learned.All;
        return report;
    }

    /// <summary>Runs one step; an Alloy failure becomes a note, so that one unreachable part leaves the rest of the report.</summary>
    private static async Task Step(ServiceProbeReport report, string what, Func<Task> step)
    {
        try { await step().ConfigureAwait(false); }
        catch (AlloyException ex) { report.Notes.Add($"{what}: {ex.Message} [{ex.ErrorId}]"); }
    }

    /// <summary>
    /// listOrders first=250 (read-only); on a MAX_COST_EXCEEDED refusal, the size that should fit (the reader's own
    /// rule), confirmed by one more read. The size found is what Get-ShopifyOrder then starts with in this session.
    /// </summary>
    private async Task ProbeShopifyAsync(ServiceProbeReport report, HealthCheckSettings settings, CancellationToken ct)
    {
        var first = await ListOrdersAsync(settings, AskedPage, ct).ConfigureAwait(false);
        if (first.Throttled)
        {
            report.Notes.Add("Shopify answered THROTTLED (its cost bucket was empty): run -Deep again in a minute for the page size.");
            return;
        }
        report.ShopifyCostRefusal = first.How ?? "none";
        report.ShopifyRequestedCost = first.RequestedCost;
        report.ShopifyMaxCost = Whole(first.Refusal?.MaxCost);
        if (first.Refusal == null)
        {
            report.ShopifyPageSize = AskedPage;
            Learn(ServiceFacts.ShopifyPageSize, AskedPage);
            return;
        }
        if (first.Refusal.Cost == null || first.Refusal.MaxCost == null)
        {
            report.Notes.Add("Shopify refused first=250 without saying its cost; Get-ShopifyOrder -PageSize 50 is a safe start.");
            return;
        }
        var size = first.Refusal.FittingPageSize(AskedPage);
        var second = size == 0 ? first : await ListOrdersAsync(settings, size, ct).ConfigureAwait(false);
        if (second.Refusal != null)
        {
            report.Notes.Add($"Shopify refused first={Math.Max(size, 1)} as well " +
                $"(cost {second.RequestedCost?.ToString(CultureInfo.InvariantCulture) ?? "?"}).");
            return;
        }
        report.ShopifyPageSize = size;
        Learn(ServiceFacts.ShopifyPageSize, size);
        Learn(ServiceFacts.ShopifyMaxCost, report.ShopifyMaxCost);
        new ShopifyClient(_client, settings.ShopifyCredentialId!, settings.ShopifyConnectorId).PageSizeThatFits = size;
    }

    /// <summary>What one listOrders call said about the cost limit: refused (and how it came back), throttled, or accepted.</summary>
    private sealed class CostAnswer
    {
        public ShopifyCostRefusal? Refusal { get; set; }
        /// <summary>"200" or "HTTP 4xx" for a refusal.</summary>
        public string? How { get; set; }
        public bool Throttled { get; set; }
        public int? RequestedCost { get; set; }
    }

    private async Task<CostAnswer> ListOrdersAsync(HealthCheckSettings settings, int first, CancellationToken ct)
    {
        var request = new ActionRequest(settings.ShopifyCredentialId!)
        {
            QueryParameters = new JsonObject { ["first"] = first, ["sortKey"] = "CREATED_AT", ["reverse"] = true },
            Idempotent = true,
        };
        try
        {
            var answer = await _client.ExecuteAsync(settings.ShopifyConnectorId, "listOrders", request, ct).ConfigureAwait(false);
            var refusal = ShopifyCostRefusal.From(answer);
            var text = answer.GetRawText();
            return new CostAnswer
            {
                Refusal = refusal, How = refusal == null ? null : "200", Throttled = refusal == null && text.Contains("\"THROTTLED\""),
                RequestedCost = refusal != null ? Whole(refusal.Cost) : RequestedQueryCost(answer),
            };
        }
        catch (AlloyException ex) when (ShopifyCostRefusal.From(ex) is { } refusal)
        {
            var status = ex.StatusCode.HasValue ? "HTTP " + ((int)ex.StatusCode.Value).ToString(CultureInfo.InvariantCulture) : "an error";
            return new CostAnswer { Refusal = refusal, How = status, RequestedCost = Whole(refusal.Cost) };
        }
    }

    private static readonly System.Text.RegularExpressions.Regex RequestedCostField =
        new System.Text.RegularExpressions.Regex("\"requestedQueryCost\"\\s*:\\s*(\\d+)",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>extensions.cost.requestedQueryCost of an accepted query, wherever the envelope put it.</summary>
    private static int? RequestedQueryCost(System.Text.Json.JsonElement answer)
    {
        var match = RequestedCostField.Match(answer.GetRawText());
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cost)
            ? cost : (int?)null;
    }

    private static int? Whole(double? value) => value.HasValue ? (int)Math.Round(value.Value) : (int?)null;

    /// <summary>One conversations.history call (limit=100, include_all_metadata): page size cap and whether metadata comes back.</summary>
    private async Task ProbeHistoryAsync(ServiceProbeReport report, HealthCheckSettings settings, CancellationToken ct)
    {
        var request = new ActionRequest(settings.SlackCredentialId!)
        {
            QueryParameters = new JsonObject { ["channel"] = settings.SlackChannelId, ["limit"] = AskedHistory,
                ["include_all_metadata"] = true },
            Idempotent = true,
        };
        report.SlackChannel = settings.SlackChannelId;
        var answer = await _client.ExecuteAsync(settings.SlackConnectorId, "conversations_history", request, ct).ConfigureAwait(false);
        if (JsonRead.Bool(answer, "ok") == false)
        {
            report.Notes.Add($"Slack history of {settings.SlackChannelId} answered ok:false " +
                $"({JsonRead.String(answer, "error") ?? "no error code"}).");
            return;
        }
        var messages = JsonRead.Array(JsonRead.Property(answer, "messages")).ToList();
        report.SlackHistoryMessages = messages.Count;
        report.SlackHistoryHasMore = JsonRead.Bool(answer, "has_more") ?? false;
        if (report.SlackHistoryHasMore == true || messages.Count >= AskedHistory) report.SlackHistoryPageSize = messages.Count;
        report.MetadataInHistory = messages.Count == 0 ? (bool?)null : messages.Any(m => JsonRead.Property(m, "metadata") != null);
        Learn(ServiceFacts.SlackHistoryPageSize, report.SlackHistoryPageSize);
        Learn(ServiceFacts.SlackMetadataInHistory, report.MetadataInHistory);
    }

    private void Learn(string name, int? value) => _client.Learned.Set(name, value?.ToString(CultureInfo.InvariantCulture));

    private void Learn(string name, bool? value) => _client.Learned.Set(name, value == null ? null : value.Value ? "true" : "false");
}
