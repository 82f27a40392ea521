using System.Collections;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;

namespace AlloyShopifySlack.Cmdlets.Completion;

/// <summary>
/// What a completer needs from the command line being typed: the connection (-Connection, else the session's,
/// else one from the environment and ./.env), the settings, and the parameters already bound.
/// </summary>
internal sealed class CompletionContext
{
    private static readonly object ImplicitLock = new object();
    private static (string Fingerprint, AlloyConnection Connection)? _implicit;

    private CompletionContext(AlloyConnection connection, SettingsResolver settings, IDictionary bound)
    {
        Connection = connection;
        Settings = settings;
        Bound = bound;
    }

    public AlloyConnection Connection { get; }
    public SettingsResolver Settings { get; }
    public IDictionary Bound { get; }

    /// <summary>A cache key that separates tenants: base URI, user and the connection object.</summary>
    public string Key(string kind, string? argument = null) =>
        $"{kind}|{Connection.BaseUri}|{Connection.UserId}|{RuntimeHelpers.GetHashCode(Connection.Client)}|{argument}";

    public string? BoundString(string name)
    {
        if (Bound == null || !Bound.Contains(name)) return null;
        var value = Bound[name] is PSObject wrapped ? wrapped.BaseObject : Bound[name];
        return value as string ?? (value as AlloyConnector)?.Id ?? value?.ToString();
    }

    public string? Setting(string boundName, string settingName) => BoundString(boundName) ?? Settings.Get(settingName);

    /// <summary>Null when no connection can be made (no key): the completer then offers nothing.</summary>
    public static CompletionContext? Create(IDictionary fakeBoundParameters)
    {
        try
        {
            var bound = fakeBoundParameters ?? new Hashtable();
            var explicitConnection = (bound.Contains("Connection") ? bound["Connection"] : null) is PSObject wrapped ? wrapped.BaseObject
                : bound["Connection"];
            var connection = explicitConnection as AlloyConnection ?? SessionConnections.Get();
            var settings = SettingsResolver.FromProcess(connection?.Values, CurrentDirectory());
            connection ??= Implicit(settings);
            return connection == null ? null : new CompletionContext(connection, settings, bound);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>Filters by what was typed (prefix of the value or of the list text) and makes the results.</summary>
    public static IEnumerable<CompletionResult> Results(IEnumerable<CompletionItem> items, string wordToComplete)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"').TrimStart('#');
        return items
            .Where(i => typed.Length == 0 || i.Value.StartsWith(typed, StringComparison.OrdinalIgnoreCase) ||
                        i.ListText.TrimStart('#').StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Take(200)
            .Select(i => new CompletionResult(Quote(i.Value), i.ListText, CompletionResultType.ParameterValue, i.ToolTip));
    }

    private static string Quote(string value) =>
        value.Any(c => char.IsWhiteSpace(c) || "'\"$`;,(){}|&<>@#".IndexOf(c) >= 0) ? "'" + value.Replace("'", "''") + "'" : value;

    private static string? CurrentDirectory()
    {
        try
        {
            var result = ScriptBlock.Create("$ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath").Invoke();
            if (result.Count > 0 && result[0]?.BaseObject is string path) return path;
        }
        catch (Exception) { }
        return Environment.CurrentDirectory;
    }

    /// <summary>A connection from the environment and ./.env, kept while those settings stay the same.</summary>
    private static AlloyConnection? Implicit(SettingsResolver settings)
    {
        var key = settings.Resolve(SettingNames.ApiKey);
        if (key == null) return null;
        var fingerprint = string.Join("|", key.Source, key.Value.GetHashCode(), settings.Get(SettingNames.BaseUrl),
            settings.Get(SettingNames.ApiVersion), settings.Get(SettingNames.UserId));
        lock (ImplicitLock)
        {
            if (_implicit != null && _implicit.Value.Fingerprint == fingerprint) return _implicit.Value.Connection;
            var connection = AlloyConnection.Create(settings, null, null, new Dictionary<string, ResolvedSetting>(),
                "environment (completion)");
            _implicit?.Connection.Dispose();
            _implicit = (fingerprint, connection);
            return connection;
        }
    }
}
