namespace AlloyShopifySlack.Setup;

/// <summary>
/// What the browser brought back to the listener. Which parameters Alloy adds to the redirect is undocumented, so
/// everything is kept; <see cref="CredentialId"/> and the OAuth error parameters are read when present.
/// </summary>
public sealed class OAuthCallback
{
    private OAuthCallback(IReadOnlyDictionary<string, string> query) { Query = query; }

    public IReadOnlyDictionary<string, string> Query { get; }
    public string? CredentialId => Get("credentialId") ?? Get("credential_id");
    public string? Error => Get("error");
    public string? ErrorDescription => Get("error_description") ?? Get("message");
    public bool IsError => !string.IsNullOrEmpty(Error) || string.Equals(Get("success"), "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the callback carries <paramref name="expected"/> as its state (compared in constant time).</summary>
    public bool HasState(string expected)
    {
        var state = Get("state");
        if (state == null || state.Length != expected.Length) return false;
        var difference = 0;
        for (var i = 0; i < expected.Length; i++) difference |= state[i] ^ expected[i];
        return difference == 0;
    }

    private string? Get(string name) => Query.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public static OAuthCallback FromQuery(string query)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Decode(equals >= 0 ? pair.Substring(0, equals) : pair);
            var value = equals >= 0 ? Decode(pair.Substring(equals + 1)) : string.Empty;
            if (name.Length > 0 && !values.ContainsKey(name)) values[name] = value;
        }
        return new OAuthCallback(values);
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    /// <summary>"access_denied: The user declined" — for messages.</summary>
    public string DescribeError()
    {
        var code = Error ?? "failed";
        return string.IsNullOrEmpty(ErrorDescription) ? code : $"{code}: {ErrorDescription}";
    }
}
