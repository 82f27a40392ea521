using System.Net.Http;
using System.Security;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Alloy;

/// <summary>
/// One tenant's way into Alloy: base URI, API version, user, the key (kept as a SecureString, never shown)
/// and the settings captured when it was made. Owns one <see cref="AlloyClient"/> (one HttpClient), reused.
/// Type name AlloyShopifySlack.AlloyConnection.
/// </summary>
public sealed class AlloyConnection : IDisposable
{
    private readonly IReadOnlyDictionary<string, ResolvedSetting> _values;

    private AlloyConnection(AlloyClient client, IReadOnlyDictionary<string, ResolvedSetting> values, string origin)
    {
        Client = client;
        _values = values;
        Origin = origin;
        ConnectedAt = DateTimeOffset.Now;
    }

    public Uri BaseUri => Client.Options.BaseUri;
    public string ApiVersion => Client.Options.ApiVersion;
    public string? UserId => Client.Options.UserId;
    public string KeySource => Client.Options.KeySource;
    /// <summary>How the connection was made: Connect-Alloy, or implicitly from the environment.</summary>
    public string Origin { get; }
    public DateTimeOffset ConnectedAt { get; }
    public AlloyClient Client { get; }

    /// <summary>The non-secret values this connection carries (from Connect-Alloy parameters or its -EnvFile).</summary>
    public IReadOnlyDictionary<string, ResolvedSetting> Values => _values;

    /// <summary>
    /// Secret values other than the key that the connection carries (SLACK_SIGNING_SECRET from -EnvFile), kept
    /// as SecureStrings and out of <see cref="Values"/> so that no view or serialisation of the connection shows them.
    /// </summary>
    internal IReadOnlyDictionary<string, (SecureString Value, string Source)> SecretValues { get; set; } =
        new Dictionary<string, (SecureString, string)>();

    /// <summary>The values a settings resolver looks at for this connection: <see cref="Values"/> plus the secrets, revealed.</summary>
    internal IReadOnlyDictionary<string, ResolvedSetting> ValuesForResolution()
    {
        if (SecretValues.Count == 0) return _values;
        var all = new Dictionary<string, ResolvedSetting>(StringComparer.Ordinal);
        foreach (var pair in _values) all[pair.Key] = pair.Value;
        foreach (var pair in SecretValues) all[pair.Key] = new ResolvedSetting(SecretText.Reveal(pair.Value.Value), pair.Value.Source);
        return all;
    }

    public override string ToString() => $"{BaseUri} (user {UserId ?? "none"}, key from {KeySource})";

    /// <summary>
    /// Builds a connection. <paramref name="settings"/> supplies what is not given explicitly; the key must come from
    /// <paramref name="apiKey"/> or from ALLOY_API_KEY in the settings, else the contract's "no key" error is raised.
    /// </summary>
    public static AlloyConnection Create(
        SettingsResolver settings,
        SecureString? apiKey,
        string? keySource,
        IReadOnlyDictionary<string, ResolvedSetting> values,
        string origin,
        RetryPolicy? retryPolicy = null,
        HttpMessageHandler? handler = null,
        IClock? clock = null)
    {
        if (apiKey == null || apiKey.Length == 0)
        {
            var fromSettings = settings.Resolve(SettingNames.ApiKey);
            if (fromSettings == null) throw NoKey();
            apiKey = SecretText.ToSecureString(fromSettings.Value);
            keySource = fromSettings.Source;
        }

        var baseSetting = settings.Resolve(SettingNames.BaseUrl);
        var baseText = baseSetting?.Value ?? SettingNames.DefaultBaseUrl;
        if (!Uri.TryCreate(baseText, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != "https" && baseUri.Scheme != "http"))
            throw new AlloyConfigurationException("AlloyBaseUrlInvalid",
                $"'{baseText}' ({baseSetting?.Source ?? SettingNames.BaseUrl}) is not an absolute http(s) URL such " +
                    $"as {SettingNames.DefaultBaseUrl}.");

        var options = new AlloyClientOptions(baseUri, apiKey, keySource ?? "Connect-Alloy -ApiKey")
        {
            ApiVersion = settings.GetOrDefault(SettingNames.ApiVersion, SettingNames.DefaultApiVersion),
            UserId = settings.Get(SettingNames.UserId),
            RetryPolicy = retryPolicy ?? RetryPolicy.Default,
            Clock = clock ?? SystemClock.Instance,
            BuildFromActionSchemas = true,
        };
        return new AlloyConnection(new AlloyClient(options, handler), values, origin);
    }

    public static AlloyConfigurationException NoKey() => new AlloyConfigurationException("AlloyApiKeyMissing",
        "No Alloy API key was found. Run Connect-Alloy -ApiKey (Read-Host -AsSecureString), or set the ALLOY_API_KEY environment " +
            "variable (or put it in a .env file).");

    public void Dispose() => Client.Dispose();
}
