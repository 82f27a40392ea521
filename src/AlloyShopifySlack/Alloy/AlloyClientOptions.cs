using System.Security;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Alloy;

public sealed class AlloyClientOptions
{
    public AlloyClientOptions(Uri baseUri, SecureString apiKey, string keySource)
    {
        var text = baseUri.ToString();
        BaseUri = text.EndsWith("/", StringComparison.Ordinal) ? baseUri : new Uri(text + "/");
        ApiKey = apiKey;
        KeySource = keySource;
    }

    public Uri BaseUri { get; }
    public SecureString ApiKey { get; }
    /// <summary>Where the key came from, for error messages ("environment variable ALLOY_API_KEY").</summary>
    public string KeySource { get; }
    public string ApiVersion { get; init; } = SettingNames.DefaultApiVersion;
    public string? UserId { get; init; }
    public RetryPolicy RetryPolicy { get; init; } = RetryPolicy.Default;
    public IClock Clock { get; init; } = SystemClock.Instance;

    /// <summary>
    /// Build execute requests from the action's schema (read once per connection): each parameter in the bucket the
    /// schema names, undeclared ones left out. On for every connection (AlloyConnection); off by default here, so
    /// that a bare client sends exactly the buckets it is given.
    /// </summary>
    public bool BuildFromActionSchemas { get; init; }

    /// <summary>Where schemas are kept between runs (the sync state); null: only in memory.</summary>
    public ISchemaStore? SchemaStore { get; init; }

    /// <summary>The same options acting as another Alloy user.</summary>
    public AlloyClientOptions WithUserId(string? userId) => Copy(userId, SchemaStore);

    /// <summary>The same options keeping schemas in <paramref name="store"/>.</summary>
    public AlloyClientOptions WithSchemaStore(ISchemaStore? store) => Copy(UserId, store);

    private AlloyClientOptions Copy(string? userId, ISchemaStore? store) => new AlloyClientOptions(BaseUri, ApiKey, KeySource)
    {
        ApiVersion = ApiVersion,
        UserId = userId,
        RetryPolicy = RetryPolicy,
        Clock = Clock,
        BuildFromActionSchemas = BuildFromActionSchemas,
        SchemaStore = store,
    };
}
