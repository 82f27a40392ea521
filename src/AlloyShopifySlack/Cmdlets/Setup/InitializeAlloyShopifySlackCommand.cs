using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Setup
{
    /// <summary>
    /// Initialize-AlloyShopifySlack: the guided set-up (the guide's bootstrap). Asks for what it needs (or takes it
    /// as parameters with -NonInteractive), creates or reuses the user, connects Shopify and Slack, writes .env as it
    /// goes, verifies, and says what to run next. Safe to run again: what exists and works is reused.
    /// </summary>
    [Cmdlet(VerbsData.Initialize, "AlloyShopifySlack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SetupResult))]
    public sealed class InitializeAlloyShopifySlackCommand : SetupCmdlet
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

        /// <summary>Also store the API key in the .env file, in plain text (owner-only on Unix). Without it, set ALLOY_API_KEY yourself.</summary>
        [Parameter]
        public SwitchParameter SaveApiKey { get; set; }

        /// <summary>Connect Shopify and Slack again even when the saved credentials work.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>A fixed redirect URI for the consent flows (e.g. http://localhost:8080/callback). Default: 127.0.0.1 and a free port.</summary>
        [Parameter]
        public Uri? RedirectUri { get; set; }

        /// <summary>Print the consent URLs instead of opening a browser.</summary>
        [Parameter]
        public SwitchParameter NoBrowser { get; set; }

        /// <summary>How long each consent flow waits for the browser. Default 300.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSeconds { get; set; } = 300;

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
            var shopInput = ask.Ask("Shopify store (my-store from my-store.myshopify.com)", ShopName ?? Saved(SettingNames.ShopifyStoreDomain), nameof(ShopName));
            var shop = RunStep(_ => System.Threading.Tasks.Task.FromResult(CredentialRequestBuilder.StoreValue(new CredentialField(null, "subdomain", true), shopInput)));
            var channelInput = ask.Ask("Slack channel for alerts (C0123456789 or #name)", SlackChannel ?? Saved(SettingNames.SlackChannelId), nameof(SlackChannel));
            result.ShopifyStoreDomain = shop;

            var values = new Dictionary<string, ResolvedSetting>(StringComparer.Ordinal) { [SettingNames.BaseUrl] = new ResolvedSetting(baseUrl, "Initialize-AlloyShopifySlack") };
            var apiVersion = Saved(SettingNames.ApiVersion);
            if (apiVersion != null) values[SettingNames.ApiVersion] = new ResolvedSetting(apiVersion, "Initialize-AlloyShopifySlack");
            using var connection = RunStep(_ => System.Threading.Tasks.Task.FromResult(AlloyConnection.Create(
                SettingsResolver.FromProcess(values, null), key, keySource, values, "Initialize-AlloyShopifySlack")));

            var user = EnsureUser(ask, connection.Client, result);
            if (user == null) return; // -WhatIf: nothing further can be shown without a user.
            using var scoped = UserScopedClient.For(connection.Client, user.UserId);
            var client = scoped.Client;
            var store = new Dictionary<string, string> { [SettingNames.UserId] = user.UserId, [SettingNames.ShopifyStoreDomain] = shop };
            if (!string.Equals(baseUrl.TrimEnd('/'), SettingNames.DefaultBaseUrl, StringComparison.OrdinalIgnoreCase)) store[SettingNames.BaseUrl] = baseUrl;
            if (SlackChannels.LooksLikeId(channelInput)) store[SettingNames.SlackChannelId] = channelInput;
            WriteEnv(store);

            var settings = HealthSettings();
            var storeChanged = !string.Equals(Saved(SettingNames.ShopifyStoreDomain), shop, StringComparison.OrdinalIgnoreCase);
            result.ShopifyCredentialId = ReuseOrConnect(client, new ConsentRequest(settings.ShopifyConnectorId, "Shopify") { StoreName = shop },
                SettingNames.ShopifyCredentialId, storeChanged, settings, out var shopifyReused);
            result.ShopifyCredentialReused = shopifyReused;
            result.SlackCredentialId = ReuseOrConnect(client, new ConsentRequest(settings.SlackConnectorId, "Slack"),
                SettingNames.SlackCredentialId, false, settings, out var slackReused);
            result.SlackCredentialReused = slackReused;

            if (result.SlackCredentialId != null)
            {
                result.SlackChannelId = RunStep(ct => SlackChannels.ResolveAsync(client, settings.SlackConnectorId, result.SlackCredentialId, channelInput, ct));
                WriteEnv(new Dictionary<string, string> { [SettingNames.SlackChannelId] = result.SlackChannelId });
            }
            result.ApiKeySaved = HandleApiKey(key, keySource);

            if (result.ShopifyCredentialId != null && result.SlackCredentialId != null)
            {
                settings.ShopifyCredentialId = result.ShopifyCredentialId;
                settings.SlackCredentialId = result.SlackCredentialId;
                result.Checks = RunStep(ct => new GuidedSetup(client).VerifyAsync(settings, result.SlackChannelId, ct));
                foreach (var check in result.Checks) SetupOutput.Host(this, $"{(check.Status == HealthStatus.Ok ? "OK    " : "FAILED")} {check.Component}: {check.Detail}");
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

        private string? Saved(string name) =>
            _saved.TryGetValue(name, out var value) && value.Length > 0 ? value : Settings.Get(name);

        private (SecureString Key, string Source) ResolveKey(SetupPrompter ask)
        {
            if (ApiKey != null && ApiKey.Length > 0) return (ApiKey, "Initialize-AlloyShopifySlack -ApiKey");
            if (_saved.TryGetValue(SettingNames.ApiKey, out var inFile) && inFile.Length > 0)
                return (SecretText.ToSecureString(inFile), $"{SettingNames.ApiKey} in {_envPath}");
            var fromSettings = Settings.Resolve(SettingNames.ApiKey);
            if (fromSettings != null) return (SecretText.ToSecureString(fromSettings.Value), fromSettings.Source);
            var session = SessionConnections.Get();
            if (session != null) return (session.Client.Options.ApiKey, "the session's Connect-Alloy");
            return (ask.AskSecret("Alloy API key (Alloy dashboard → Settings → API Keys)", nameof(ApiKey)), "the set-up prompt");
        }

        private AlloyUser? EnsureUser(SetupPrompter ask, AlloyClient client, SetupResult result)
        {
            var setup = new GuidedSetup(client);
            var savedId = Saved(SettingNames.UserId);
            if (savedId != null)
            {
                var saved = RunStep(ct => setup.FindUserByIdAsync(savedId, ct));
                if (saved != null && (string.IsNullOrEmpty(Username) || Username == saved.Username))
                {
                    SetupOutput.Host(this, $"Reusing Alloy user {saved.UserId}" + (saved.Username != null ? $" ({saved.Username})." : "."));
                    (result.UserId, result.Username, result.UserReused) = (saved.UserId, saved.Username, true);
                    return saved;
                }
                if (saved == null) WriteWarning($"Alloy has no user {savedId} (saved {SettingNames.UserId}); finding or creating one by username.");
            }
            var username = ask.Ask("Alloy username for this store (e.g. your e-mail)", Username, nameof(Username));
            var fullName = ask.Ask("Full name", FullName ?? username, nameof(FullName), required: false);
            var existing = RunStep(ct => client.FindUserByNameAsync(username, ct));
            if (existing == null && !ShouldProcess($"Alloy user '{username}'", "Create")) return null;
            var (user, reused) = existing != null ? (existing, true) : RunStep(ct => setup.EnsureUserAsync(username, fullName, ct));
            SetupOutput.Host(this, (reused ? "Reusing" : "Created") + $" Alloy user {user.UserId} ({username}).");
            (result.UserId, result.Username, result.UserReused) = (user.UserId, user.Username ?? username, reused);
            return user;
        }

        private string? ReuseOrConnect(AlloyClient client, ConsentRequest request, string settingName, bool storeChanged, HealthCheckSettings settings, out bool reused)
        {
            reused = false;
            var savedId = Saved(settingName);
            if (savedId != null && !Force && !storeChanged)
            {
                var check = RunStep(ct => new GuidedSetup(client).CheckCredentialAsync(savedId, request.ConnectorId, settings, ct));
                if (check.Status == HealthStatus.Ok)
                {
                    SetupOutput.Host(this, $"Reusing the {request.DisplayName} credential {savedId}: {check.Detail}");
                    WriteEnv(new Dictionary<string, string> { [settingName] = savedId });
                    reused = true;
                    return savedId;
                }
                WriteWarning($"The saved {request.DisplayName} credential {savedId} does not work ({check.Detail}); connecting again.");
            }
            if (!ShouldProcess($"{request.DisplayName} for Alloy user {client.UserId}", "Connect through the OAuth consent page")) return null;
            request.RedirectUri = RedirectUri;
            request.NoBrowser = NoBrowser;
            request.Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
            SetupOutput.Host(this, $"Connecting {request.DisplayName}...");
            var credential = RunConsent(client, request);
            SetupOutput.Host(this, $"Connected {request.DisplayName}: credential {credential.CredentialId}.");
            WriteEnv(new Dictionary<string, string> { [settingName] = credential.CredentialId });
            return credential.CredentialId;
        }

        private bool HandleApiKey(SecureString key, string keySource)
        {
            if (!SaveApiKey)
            {
                if (!keySource.StartsWith("environment variable", StringComparison.Ordinal) && !keySource.EndsWith(_envPath, StringComparison.Ordinal))
                    SetupOutput.Host(this, $"The API key was not saved. Set {SettingNames.ApiKey} in the environment of your scheduled jobs " +
                        "(or keep it in a secret store and pass it to Connect-Alloy), or run again with -SaveApiKey to store it in the .env file.");
                return false;
            }
            WriteWarning($"Storing the Alloy API key in plain text in {_envPath}. The file is made owner-only on Unix, but anyone who can read it " +
                         $"can use your Alloy account; an environment variable or a secret store is safer.");
            if (!ShouldProcess(_envPath, $"Store {SettingNames.ApiKey} in plain text")) return false;
            DotEnvWriter.Set(_envPath, new[] { new KeyValuePair<string, string>(SettingNames.ApiKey, SecretText.Reveal(key)) });
            return true;
        }

        private void WriteEnv(IDictionary<string, string> values)
        {
            if (!ShouldProcess(_envPath, "Set " + string.Join(", ", values.Keys))) return;
            var changed = DotEnvWriter.Set(_envPath, values);
            if (changed.Count > 0) WriteVerbose($"Wrote {string.Join(", ", changed)} to {_envPath}.");
        }

        private HealthCheckSettings HealthSettings() => new HealthCheckSettings
        {
            ShopifyConnectorId = Saved(SettingNames.ShopifyConnectorId) ?? SettingNames.DefaultShopifyConnector,
            SlackConnectorId = Saved(SettingNames.SlackConnectorId) ?? SettingNames.DefaultSlackConnector,
        };

        /// <summary>Makes the new set-up this session's connection, so the next commands work without Connect-Alloy.</summary>
        private void ConnectSession(SecureString key, string keySource, string baseUrl)
        {
            var values = SettingsResolver.ReadEnvFile(_envPath);
            values.Remove(SettingNames.ApiKey);
            values[SettingNames.BaseUrl] = new ResolvedSetting(baseUrl, "Initialize-AlloyShopifySlack");
            SessionConnections.Set(AlloyConnection.Create(SettingsResolver.FromProcess(values, null), key, keySource, values, "Initialize-AlloyShopifySlack"));
        }

        private void PrintNextSteps()
        {
            var here = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            var local = string.Equals(Path.GetDirectoryName(_envPath), here, StringComparison.Ordinal) && Path.GetFileName(_envPath) == ".env";
            SetupOutput.Host(this, "Set-up complete. This session is connected; next:");
            if (!local) SetupOutput.Host(this, $"  (in a new session, run Connect-Alloy -EnvFile '{_envPath}' first, or work from the folder of that .env)");
            SetupOutput.Host(this, "  Test-AlloyConnection                 # health check of Alloy, Shopify and Slack");
            SetupOutput.Host(this, "  Get-ShopifyOrder -Limit 5            # the latest orders");
            SetupOutput.Host(this, "  Invoke-OrderSync -WhatIf             # what the job would post");
            SetupOutput.Host(this, "  Invoke-OrderSync                     # post alerts for orders over ORDER_VALUE_THRESHOLD");
        }
    }
}
