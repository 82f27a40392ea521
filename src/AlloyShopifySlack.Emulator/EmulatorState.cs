using AlloyShopifySlack.Emulator.Alloy;
using AlloyShopifySlack.Emulator.Infrastructure;
using AlloyShopifySlack.Emulator.Sheets;
using AlloyShopifySlack.Emulator.Shopify;
using AlloyShopifySlack.Emulator.Slack;

namespace AlloyShopifySlack.Emulator;

/// <summary>
/// Everything the emulator holds, in memory and thread-safe, open to tests for arranging and asserting:
/// users and credentials, the store's orders, Slack channels and messages, sheet rows, faults and request counts.
/// </summary>
public sealed class EmulatorState
{
    public EmulatorState(EmulatorOptions options)
    {
        Options = options;
        Clock = new EmulatorClock(options.Now);
        if (options.Now.HasValue) Clock.Freeze();
        Directory = new AlloyDirectory();
        Shopify = new ShopifyStore(Clock, options);
        Slack = new SlackWorkspace(Clock, options);
        Sheets = new SheetsStore();
        Faults = new FaultBook(options.Seed);
        Counters = new RequestCounters();
        Consents = new ConsentBook();
        Tenant = Seed();
    }

    public EmulatorOptions Options { get; }
    public EmulatorClock Clock { get; }
    public AlloyDirectory Directory { get; }
    public ShopifyStore Shopify { get; }
    public SlackWorkspace Slack { get; }
    public SheetsStore Sheets { get; }
    public FaultBook Faults { get; }
    public RequestCounters Counters { get; }
    public ConsentBook Consents { get; }
    public EmulatorTenant Tenant { get; private set; }

    /// <summary>Extra latency on every Alloy request (ms); can be changed while running.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Back to the seeded state: same tenant ids, fresh store, empty channels, no faults, zero counters.</summary>
    public void Reset()
    {
        Faults.Clear(Options.Seed);
        Counters.Clear();
        Slack.Reset();
        Sheets.Clear();
        Consents.Clear();
        Tenant = Seed();
    }

    private EmulatorTenant Seed()
    {
        var random = new Random(Options.Seed);
        var userId = Ids.SeededObjectId(random);
        var shopifyId = Ids.SeededObjectId(random);
        var slackId = Ids.SeededObjectId(random);
        var sheetsId = Ids.SeededObjectId(random);
        LatencyMs = Options.LatencyMs;
        Directory.Clear();
        Directory.AddUser("demo-merchant", "Demo Merchant", userId);
        var now = Clock.UtcNow;
        Directory.AddCredential(userId, "shopify", CredentialType("shopify"), now.AddDays(-30), shopifyId);
        Directory.AddCredential(userId, "slack", CredentialType("slack"), now.AddDays(-30).AddMinutes(1), slackId);
        Directory.AddCredential(userId, Options.SheetsConnectorId, CredentialType(Options.SheetsConnectorId),
            now.AddDays(-30).AddMinutes(2), sheetsId);
        Shopify.Seed(Options.OrderCount, Options.OrderDays);
        var members = Slack.Channels.Where(c => c.IsMember && !c.IsArchived).Select(c => c.Id).ToList();
        return new EmulatorTenant
        {
            UserId = userId,
            Username = "demo-merchant",
            FullName = "Demo Merchant",
            ShopifyCredentialId = shopifyId,
            SlackCredentialId = slackId,
            GoogleSheetsCredentialId = sheetsId,
            ChannelId = members[0],
            ChannelIds = members,
            NotMemberChannelId = Slack.Channels.First(c => !c.IsMember).Id,
            ArchivedChannelId = Slack.Channels.First(c => c.IsArchived).Id,
            StoreDomain = Options.StoreDomain,
            SpreadsheetId = SheetsStore.DefaultSpreadsheetId,
        };
    }

    /// <summary>
    /// Another tenant (multi-tenant tests): a new Alloy user with its own Shopify, Slack and Sheets credentials,
    /// sharing the one store and workspace (use distinct channels to tell tenants apart).
    /// </summary>
    public EmulatorTenant AddTenant(string username, string? fullName = null)
    {
        var user = Directory.AddUser(username, fullName ?? username) ?? throw new InvalidOperationException($"The username " +
            $"'{username}' is taken.");
        var now = Clock.UtcNow;
        var shopify = Directory.AddCredential(user.UserId, "shopify", CredentialType("shopify"), now);
        var slack = Directory.AddCredential(user.UserId, "slack", CredentialType("slack"), now);
        var sheets = Directory.AddCredential(user.UserId, Options.SheetsConnectorId, CredentialType(Options.SheetsConnectorId), now);
        return Tenant with
        {
            UserId = user.UserId, Username = username, FullName = fullName ?? username,
            ShopifyCredentialId = shopify.CredentialId, SlackCredentialId = slack.CredentialId,
                GoogleSheetsCredentialId = sheets.CredentialId,
        };
    }

    /// <summary>"shopify-oauth2" (Connectivity API) or bare "shopify" (Embedded), as the options say.</summary>
    public string CredentialType(string connectorId) => Options.BareCredentialType ? connectorId : connectorId + "-oauth2";
}
