using System;
using System.Security;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Alloy
{
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

        /// <summary>The same options acting as another Alloy user.</summary>
        public AlloyClientOptions WithUserId(string? userId) => new AlloyClientOptions(BaseUri, ApiKey, KeySource)
        {
            ApiVersion = ApiVersion,
            UserId = userId,
            RetryPolicy = RetryPolicy,
            Clock = Clock,
        };
    }
}
