using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>Clients and connections against a scripted handler, with a fake clock and a recognisable key.</summary>
public static class ClientFactory
{
    public const string ApiKey = "alloy_test_Zk3v9QpL2mWx7RtY5uB8nC4dE6fG1hJ0";
    public const string UserId = "689593e23e4c93cae95fd75c";
    public static readonly Uri BaseUri = new("https://alloy.example.test/");

    public static RetryPolicy FastPolicy(int attempts = 5) => new()
    {
        MaxAttempts = attempts,
        BaseDelay = TimeSpan.FromMilliseconds(500),
        MaxDelay = TimeSpan.FromSeconds(30),
        JitterSource = () => 0.5,
    };

    public static AlloyClient Client(ScriptedHandler handler, FakeClock? clock = null, RetryPolicy? policy = null, string? userId = UserId,
        Uri? baseUri = null) =>
        new(new AlloyClientOptions(baseUri ?? BaseUri, SecretText.ToSecureString(ApiKey), "environment variable ALLOY_API_KEY")
        {
            UserId = userId,
            Clock = clock ?? new FakeClock(),
            RetryPolicy = policy ?? FastPolicy(),
        }, handler);

    /// <summary>A connection as Connect-Alloy would make it, for hosted cmdlet tests (-Connection $conn).</summary>
    public static AlloyConnection Connection(ScriptedHandler handler, FakeClock? clock = null, string? userId = UserId,
        RetryPolicy? policy = null) =>
        Connection(BaseUri, handler, clock, userId, policy);

    /// <summary>A connection to any server (the emulator, a closed port) with the test key and a fake clock.</summary>
    public static AlloyConnection Connection(Uri baseUri, HttpMessageHandler? handler = null, FakeClock? clock = null,
        string? userId = UserId, RetryPolicy? policy = null)
    {
        var values = new Dictionary<string, ResolvedSetting>();
        if (userId != null) values[SettingNames.UserId] = new ResolvedSetting(userId, "test");
        values[SettingNames.BaseUrl] = new ResolvedSetting(baseUri.ToString(), "test");
        var settings = new SettingsResolver(values, _ => null, null);
        return AlloyConnection.Create(settings, SecretText.ToSecureString(ApiKey), "Connect-Alloy -ApiKey", values, "test",
            policy ?? FastPolicy(), handler, clock ?? new FakeClock());
    }
}
