using System.Management.Automation;
using System.Security;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>The steps of Initialize-AlloyShopifySlack: key, user, each credential, the key's storage, the session.</summary>
public sealed partial class InitializeAlloyShopifySlackCommand
{
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
            if (saved == null) WriteWarning($"Alloy has no user {savedId} (saved {SettingNames.UserId}); finding or creating " +
                "one by username.");
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

    private string? ReuseOrConnect(AlloyClient client, ConsentRequest request, string settingName, bool storeChanged,
        HealthCheckSettings settings, out bool reused)
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
            if (!keySource.StartsWith("environment variable", StringComparison.Ordinal)
                && !keySource.EndsWith(_envPath, StringComparison.Ordinal))
                SetupOutput.Host(this, $"The API key was not saved. Set {SettingNames.ApiKey} in the environment of your scheduled jobs " +
                    "(or keep it in a secret store and pass it to Connect-Alloy), or run again with -SaveApiKey to store it in " +
                        "the .env file.");
            return false;
        }
        WriteWarning($"Storing the Alloy API key in plain text in {_envPath}. The file is made owner-only on Unix, but anyone " +
            "who can read it " +
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

    /// <summary>The connector ids the .env being written names, else the defaults.</summary>
    private HealthCheckSettings HealthSettings(AlloyClient client)
    {
        var clients = new ClientFactory(client, Saved);
        return new HealthCheckSettings { ShopifyConnectorId = clients.ShopifyConnectorId, SlackConnectorId = clients.SlackConnectorId };
    }

    /// <summary>Makes the new set-up this session's connection, so the next commands work without Connect-Alloy.</summary>
    private void ConnectSession(SecureString key, string keySource, string baseUrl)
    {
        var values = SettingsResolver.ReadEnvFile(_envPath);
        values.Remove(SettingNames.ApiKey);
        values[SettingNames.BaseUrl] = new ResolvedSetting(baseUrl, "Initialize-AlloyShopifySlack");
        SessionConnections.Set(AlloyConnection.Create(SettingsResolver.FromProcess(values, null), key, keySource, values,
            "Initialize-AlloyShopifySlack"));
    }

    private void PrintNextSteps()
    {
        var here = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        var local = string.Equals(Path.GetDirectoryName(_envPath), here, StringComparison.Ordinal) && Path.GetFileName(_envPath) == ".env";
        SetupOutput.Host(this, "Set-up complete. This session is connected; next:");
        if (!local) SetupOutput.Host(this, $"  (in a new session, run Connect-Alloy -EnvFile '{_envPath}' first, or work from the folder " +
            "of that .env)");
        SetupOutput.Host(this, "  Test-AlloyConnection                 # health check of Alloy, Shopify and Slack");
        SetupOutput.Host(this, "  Get-ShopifyOrder -Newest 5           # the latest orders, newest first");
        SetupOutput.Host(this, "  Invoke-OrderSync -WhatIf             # what the job would post");
        SetupOutput.Host(this, "  Invoke-OrderSync                     # post alerts for orders over ORDER_VALUE_THRESHOLD");
    }
}
