using System.Management.Automation;
using System.Security;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>
/// Initialize-AlloyShopifySlack: the guided set-up (the guide's bootstrap). Asks for what it needs (or takes it
/// as parameters with -NonInteractive), creates or reuses the user, connects Shopify and Slack, writes .env as it
/// goes, verifies, and says what to run next. Safe to run again: what exists and works is reused.
/// </summary>
[Cmdlet(VerbsData.Initialize, "AlloyShopifySlack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SetupResult))]
public sealed partial class InitializeAlloyShopifySlackCommand : ConsentCmdlet
{
    /// <summary>The Alloy API key (SecureString; a plain string is accepted). Default: ALLOY_API_KEY, else asked.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    /// <summary>The Alloy API root. Default ALLOY_BASE_URL, else https://production.runalloy.com.</summary>
    [Parameter]
    public Uri? BaseUri { get; set; }

    /// <summary>The Shopify store's myshopify.com subdomain. Default SHOPIFY_STORE_DOMAIN, else asked.</summary>
    [Parameter]
    public string? ShopName { get; set; }

    /// <summary>The Slack channel for alerts: an id (C0123456789) or a #name. Default SLACK_CHANNEL_ID, else asked.</summary>
    [Parameter]
    [Alias("Channel")]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.SlackChannelCompleter))]
    public string? SlackChannel { get; set; }

    /// <summary>The Alloy username of this tenant (created if it does not exist). Asked when no working ALLOY_USER_ID is saved.</summary>
    [Parameter]
    public string? Username { get; set; }

    /// <summary>The user's full name, used when the user is created.</summary>
    [Parameter]
    public string? FullName { get; set; }

    /// <summary>The .env file to write (other lines and comments are kept). Default ./.env.</summary>
    [Parameter]
    public string EnvFile { get; set; } = ".env";

    /// <summary>Ask nothing: every missing value is an error naming its parameter.</summary>
    [Parameter]
    public SwitchParameter NonInteractive { get; set; }

    /// <summary>Also store the API key in the .env file, in plain text (owner-only on Unix). Without it, set ALLOY_API_KEY
    /// yourself.</summary>
    [Parameter]
    public SwitchParameter SaveApiKey { get; set; }

    /// <summary>Connect Shopify and Slack again even when the saved credentials work.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private string _envPath = string.Empty;
    private IReadOnlyDictionary<string, string> _saved = new Dictionary<string, string>();

    protected override void ProcessRecord()
    {
        try
        {
            Execute();
        }
        catch (SetupInputMissingException ex)
        {
            ThrowTerminatingError(ex.Record);
        }
    }

    private void Execute()
    {
        _envPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(EnvFile);
        _saved = File.Exists(_envPath) ? DotEnvFile.Read(_envPath) : new Dictionary<string, string>();
        var ask = new SetupPrompter(this, NonInteractive);
        var result = new SetupResult { EnvFile = _envPath };

        var (key, keySource) = ResolveKey(ask);
        var baseUrl = BaseUri?.ToString() ?? Saved(SettingNames.BaseUrl) ?? SettingNames.DefaultBaseUrl;
        var shopInput = ask.Ask("Shopify store (my-store from my-store.myshopify.com)", ShopName ?? Saved(SettingNames.ShopifyStoreDomain),
            nameof(ShopName));
        var shop = RunStep(_ => System.Threading.Tasks.Task.FromResult(CredentialRequestBuilder.StoreValue(
            new CredentialField(null, "subdomain", true), shopInput)));
        var channelInput = ask.Ask("Slack channel for alerts (C0123456789 or #name)", SlackChannel ?? Saved(SettingNames.SlackChannelId),
            nameof(SlackChannel));
        result.ShopifyStoreDomain = shop;

        var values = new Dictionary<string, ResolvedSetting>(StringComparer.Ordinal) { [SettingNames.BaseUrl] =
            new ResolvedSetting(baseUrl, "Initialize-AlloyShopifySlack") };
        var apiVersion = Saved(SettingNames.ApiVersion);
        if (apiVersion != null) values[SettingNames.ApiVersion] = new ResolvedSetting(apiVersion, "Initialize-AlloyShopifySlack");
        using var connection = RunStep(_ => System.Threading.Tasks.Task.FromResult(AlloyConnection.Create(
            SettingsResolver.FromProcess(values, null), key, keySource, values, "Initialize-AlloyShopifySlack")));

        var user = EnsureUser(ask, connection.Client, result);
        if (user == null) return; // -WhatIf: nothing further can be shown without a user.
        var client = ForUser(connection.Client, user.UserId);
        var store = new Dictionary<string, string> { [SettingNames.UserId] = user.UserId, [SettingNames.ShopifyStoreDomain] = shop };
        if (!string.Equals(baseUrl.TrimEnd('/'), SettingNames.DefaultBaseUrl,
            StringComparison.OrdinalIgnoreCase)) store[SettingNames.BaseUrl] = baseUrl;
        if (SlackChannels.LooksLikeId(channelInput)) store[SettingNames.SlackChannelId] = channelInput;
        WriteEnv(store);

        var settings = HealthSettings(client);
        var storeChanged = !string.Equals(Saved(SettingNames.ShopifyStoreDomain), shop, StringComparison.OrdinalIgnoreCase);
        result.ShopifyCredentialId = ReuseOrConnect(client, new ConsentRequest(settings.ShopifyConnectorId, "Shopify") { StoreName = shop },
            SettingNames.ShopifyCredentialId, storeChanged, settings, out var shopifyReused);
        result.ShopifyCredentialReused = shopifyReused;
        result.SlackCredentialId = ReuseOrConnect(client, new ConsentRequest(settings.SlackConnectorId, "Slack"),
            SettingNames.SlackCredentialId, false, settings, out var slackReused);
        result.SlackCredentialReused = slackReused;

        if (result.SlackCredentialId != null)
        {
            result.SlackChannelId = RunStep(ct => SlackChannels.ResolveAsync(client, settings.SlackConnectorId, result.SlackCredentialId,
                channelInput, ct));
            WriteEnv(new Dictionary<string, string> { [SettingNames.SlackChannelId] = result.SlackChannelId });
        }
        result.ApiKeySaved = HandleApiKey(key, keySource);

        if (result.ShopifyCredentialId != null && result.SlackCredentialId != null)
        {
            settings.ShopifyCredentialId = result.ShopifyCredentialId;
            settings.SlackCredentialId = result.SlackCredentialId;
            result.Checks = RunStep(ct => new GuidedSetup(client).VerifyAsync(settings, result.SlackChannelId, ct));
            foreach (var check in result.Checks) SetupOutput.Host(
                this, $"{(check.Status == HealthStatus.Ok ? "OK    " : "FAILED")} {check.Component}: {check.Detail}");
            if (File.Exists(_envPath)) ConnectSession(key, keySource, baseUrl);
            PrintNextSteps();
        }
        WriteObject(SetupOutput.Typed(result, "AlloyShopifySlack.SetupResult"));
        var failed = result.Checks.Where(c => c.Status == HealthStatus.Failed).ToList();
        if (failed.Count > 0)
            WriteError(ErrorRecords.Create("InitializeVerificationFailed", ErrorCategory.ConnectionError,
                "The set-up finished but its verification failed: " + string.Join(" ", failed.Select(f => $"{f.Component}: {f.Detail}")),
                _envPath, string.Join(" ", failed.Select(f => f.Remedy).Where(r => r != null))));
    }
}
