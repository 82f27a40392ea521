using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Alloy;

/// <summary>A value and where it came from (so that a 401 can say which key was used).</summary>
public sealed record ResolvedSetting(string Value, string Source)
{
    // The value may be the API key: the text a record would make shows only where it came from.
    public override string ToString() => Source;
}

/// <summary>
/// The contract's resolution order below the explicit parameter: the connection's own values
/// (Connect-Alloy parameters and its -EnvFile), then process environment variables, then ./.env
/// (which never overrides a set variable).
/// </summary>
public sealed class SettingsResolver
{
    private readonly IReadOnlyDictionary<string, ResolvedSetting> _connectionValues;
    private readonly Func<string, string?> _environment;
    private readonly string? _dotEnvPath;
    private IReadOnlyDictionary<string, string>? _dotEnv;

    public SettingsResolver(
        IReadOnlyDictionary<string, ResolvedSetting>? connectionValues,
        Func<string, string?> environment,
        string? currentDirectory)
    {
        _connectionValues = connectionValues ?? new Dictionary<string, ResolvedSetting>();
        _environment = environment;
        _dotEnvPath = currentDirectory == null ? null : Path.Combine(currentDirectory, ".env");
    }

    public static SettingsResolver FromProcess(IReadOnlyDictionary<string, ResolvedSetting>? connectionValues, string? currentDirectory) =>
        new SettingsResolver(connectionValues, Environment.GetEnvironmentVariable, currentDirectory);

    public ResolvedSetting? Resolve(string name)
    {
        if (_connectionValues.TryGetValue(name, out var fromConnection) && !string.IsNullOrEmpty(
            fromConnection.Value)) return fromConnection;
        var fromEnvironment = _environment(name);
        if (!string.IsNullOrEmpty(fromEnvironment)) return new ResolvedSetting(fromEnvironment!, "environment variable " + name);
        var dotEnv = LoadDotEnv();
        if (dotEnv != null && dotEnv.TryGetValue(name, out var fromFile) && !string.IsNullOrEmpty(fromFile))
            return new ResolvedSetting(fromFile, $"{name} in {_dotEnvPath}");
        return null;
    }

    public string? Get(string name) => Resolve(name)?.Value;

    public string GetOrDefault(string name, string fallback) => Get(name) ?? fallback;

    private IReadOnlyDictionary<string, string>? LoadDotEnv()
    {
        if (_dotEnv == null && _dotEnvPath != null && File.Exists(_dotEnvPath))
        {
            try { _dotEnv = DotEnvFile.Read(_dotEnvPath); }
            catch (IOException) { _dotEnv = new Dictionary<string, string>(); }
        }
        return _dotEnv;
    }

    /// <summary>Reads a dotenv file into connection values (used by Connect-Alloy -EnvFile).</summary>
    public static Dictionary<string, ResolvedSetting> ReadEnvFile(string path)
    {
        var result = new Dictionary<string, ResolvedSetting>(StringComparer.Ordinal);
        foreach (var pair in DotEnvFile.Read(path)) result[pair.Key] = new ResolvedSetting(pair.Value, $"{pair.Key} in {path}");
        return result;
    }
}
