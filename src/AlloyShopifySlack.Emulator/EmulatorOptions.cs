namespace AlloyShopifySlack.Emulator;

/// <summary>Which envelope the execute endpoint wraps the provider's answer in (unconfirmed: docs and clients disagree).</summary>
public enum ExecuteEnvelopeKind
{
    /// <summary><c>{executionId, status:"completed", responseData}</c> (third-party, written against production).</summary>
    ResponseData,
    /// <summary><c>{success:true, result}</c> (the official example).</summary>
    SuccessResult,
}

/// <summary>Which credential listing answers (three are documented; unconfirmed which works in practice).</summary>
public enum CredentialListVariant
{
    /// <summary>Every listing answers.</summary>
    All,
    /// <summary>Only GET /connectors/{c}/credentials answers; the others as <see cref="EmulatorOptions.OtherCredentialListings"/>
    /// says.</summary>
    ConnectorCredentials,
    /// <summary>Only GET /users/{u}/credentials answers.</summary>
    UserCredentials,
    /// <summary>Only GET /credentials/users/{u} answers.</summary>
    EmbeddedUserCredentials,
}

/// <summary>How a listing that is switched off by <see cref="CredentialListVariant"/> answers.</summary>
public enum DisabledListingBehavior { NotFound, Empty }

/// <summary>Which credential delete routes exist: DELETE /users/{u}/credentials/{id} and DELETE /connectors/{c}/credentials/{id}.</summary>
public enum CredentialDeleteRoutes { Both, UserRoute, ConnectorRoute }

/// <summary>The name of Shopify's store field in the credential inputSchema (sources disagree; unconfirmed).</summary>
public enum ShopifyStoreField { DataShopName, DataSubdomain, ShopSubdomain }

/// <summary>Query parameters added to the redirect after the hosted consent page (undocumented; unconfirmed).</summary>
public enum OAuthCallbackParameters
{
    /// <summary>No parameters (what every public client assumes: list credentials afterwards).</summary>
    None,
    /// <summary><c>?credentialId=...</c> on Allow, <c>?error=access_denied</c> on Deny.</summary>
    CredentialId,
}

/// <summary>Everything about the emulator a test or a demo may want to choose. Unconfirmed facts are options.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The bearer key the emulator accepts. Not a secret: it only opens a loopback test server.</summary>
    public string ApiKey { get; set; } = "emu_test_key_0123456789abcdef";

    /// <summary>Seed of every random choice (sample store, fault probabilities).</summary>
    public int Seed { get; set; } = 20240115;

    /// <summary>Initial time of the emulator clock; null = the system clock (the clock can be set or frozen later).</summary>
    public DateTimeOffset? Now { get; set; }

    // ---- Alloy ----
    public ExecuteEnvelopeKind Envelope { get; set; } = ExecuteEnvelopeKind.ResponseData;
    public CredentialListVariant CredentialListVariant { get; set; } = CredentialListVariant.All;
    public DisabledListingBehavior OtherCredentialListings { get; set; } = DisabledListingBehavior.NotFound;
    /// <summary>Credential type format: "shopify-oauth2" (Connectivity) or bare "shopify" (Embedded).</summary>
    public bool BareCredentialType { get; set; }
    public ShopifyStoreField ShopifyStoreField { get; set; } = ShopifyStoreField.DataShopName;
    public OAuthCallbackParameters OAuthCallback { get; set; } = OAuthCallbackParameters.None;
    /// <summary>Refuse execute, credential creation and credential listing without x-alloy-userid (the auth guide says required).</summary>
    public bool RequireUserIdHeader { get; set; } = true;
    /// <summary>Accepted x-api-version values; empty = any non-empty value.</summary>
    public IList<string> AcceptedApiVersions { get; set; } = new List<string>();
    /// <summary>Validate required action parameters and answer 400 (the schema says required; whether Alloy checks is unknown).</summary>
    public bool ValidateRequiredParameters { get; set; } = true;
    /// <summary>HTTP status Alloy uses for a provider failure such as Slack ok:false (unconfirmed; 200 passes the body through).</summary>
    public int ProviderErrorStatus { get; set; } = 200;
    /// <summary>Drop execute parameters the action schema does not declare (Slack <c>metadata</c>, <c>include_all_metadata</c>).</summary>
    public bool DropUndeclaredParameters { get; set; }
    /// <summary>The Google Sheets connector id in the catalog: "googlesheets" (old guess) or "googleSheets" (likely real).</summary>
    public string SheetsConnectorId { get; set; } = "googlesheets";
    /// <summary>appendRow in Google's own shape: spreadsheetId and range as path parameters, valueInputOption a required query
    /// parameter.</summary>
    public bool SheetsGoogleShapedAppend { get; set; }
    /// <summary>Which credential delete routes answer (the other answers 404): the user route, the connector route, or both.</summary>
    public CredentialDeleteRoutes CredentialDeleteRoutes { get; set; } = CredentialDeleteRoutes.Both;

    // ---- Shopify ----
    public int OrderCount { get; set; } = 600;
    public int OrderDays { get; set; } = 7;
    public string StoreDomain { get; set; } = "alloy-demo-store";
    /// <summary>Pass `after` cursors and pageInfo through (unconfirmed). Off: no pageInfo and `after` ignored.</summary>
    public bool CursorPassthrough { get; set; } = true;
    public bool ShopifyThrottling { get; set; } = true;
    public double ShopifyMaximumAvailable { get; set; } = 1000;
    public double ShopifyRestoreRate { get; set; } = 100;
    /// <summary>
    /// k of the connector's lineItems(first: k): the requested cost of orders(first: N) is 2 + N × (k + 2)
    /// (see ShopifyStore.RequestedCost); 10 makes a 250-order page cost 3002 and 83 orders fit under 1,000.
    /// </summary>
    public int ShopifyLineItemsCostEstimate { get; set; } = 10;
    /// <summary>Answer a THROTTLED query with HTTP 429 instead of 200 (unconfirmed which).</summary>
    public bool ShopifyThrottleAs429 { get; set; }
    /// <summary>Treat unquoted date values in `query` as Shopify's docs warn: the term is ignored (matches everything).</summary>
    public bool IgnoreUnquotedDates { get; set; }
    /// <summary>Refuse a query whose requested cost is over this many points (MAX_COST_EXCEEDED); null = no cap.</summary>
    public int? ShopifyMaxQueryCost { get; set; }
    /// <summary>How Alloy relays a cost refusal: 200 = Shopify's body passed through; 4xx = turned into an Alloy error.</summary>
    public int ShopifyCostRefusalStatus { get; set; } = 200;
    /// <summary>Return pageInfo but ignore `after` (every page is the first page again).</summary>
    public bool IgnoreAfterCursor { get; set; }

    // ---- Slack ----
    public bool SlackRateLimit { get; set; } = true;
    /// <summary>chat.postMessage tokens restored per second per channel.</summary>
    public double SlackMessagesPerSecond { get; set; } = 1;
    public int SlackBurst { get; set; } = 5;
    /// <summary>chat.postMessage calls the whole workspace takes in any minute, over all channels (429 + Retry-After beyond); null = no
    /// limit.</summary>
    public int? SlackWorkspaceMessagesPerMinute { get; set; }
    /// <summary>Most messages conversations.history (and replies) return per call; null = Slack's Tier 3 (up to 999).</summary>
    public int? SlackHistoryPageLimit { get; set; }
    /// <summary>conversations.history calls allowed per channel: one per this many seconds (429 + Retry-After otherwise); null = no
    /// limit.</summary>
    public double? SlackHistoryIntervalSeconds { get; set; }

    /// <summary>
    /// The realistic profile: what the real services are known (or likely) to do that our own assumptions do not
    /// (see docs/api-facts.md, the facts added after the first version). Over-cost queries refused, `after` ignored
    /// while pageInfo is returned, undeclared
    /// parameters dropped, history at 15 messages a page and one call per <paramref name="historyIntervalSeconds"/>
    /// (Slack: 60; tests pass less so they need not wait), Sheets spelled googleSheets with appendRow in Google's shape.
    /// </summary>
    public EmulatorOptions UseRealisticProfile(double historyIntervalSeconds = 60, int costRefusalStatus = 200)
    {
        ShopifyMaxQueryCost = 1000;
        ShopifyCostRefusalStatus = costRefusalStatus;
        IgnoreAfterCursor = true;
        DropUndeclaredParameters = true;
        SlackHistoryPageLimit = 15;
        SlackHistoryIntervalSeconds = historyIntervalSeconds;
        SheetsConnectorId = "googleSheets";
        SheetsGoogleShapedAppend = true;
        return this;
    }

    // ---- everything ----
    /// <summary>Latency added to every Alloy request (ms).</summary>
    public int LatencyMs { get; set; }
}
