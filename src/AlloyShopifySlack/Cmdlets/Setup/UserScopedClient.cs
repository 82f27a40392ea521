using System;
using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Cmdlets.Setup
{
    /// <summary>
    /// The connection's client, or, for another -UserId, a client for that user on the same key and base URI
    /// (disposed with this object; the connection's own client is never disposed here).
    /// </summary>
    internal sealed class UserScopedClient : IDisposable
    {
        private readonly bool _owned;

        private UserScopedClient(AlloyClient client, bool owned)
        {
            Client = client;
            _owned = owned;
        }

        public AlloyClient Client { get; }

        public static UserScopedClient For(AlloyConnection connection, string? userId) => For(connection.Client, userId);

        public static UserScopedClient For(AlloyClient client, string? userId)
        {
            if (string.IsNullOrEmpty(userId) || userId == client.UserId) return new UserScopedClient(client, false);
            var options = client.Options;
            var copy = new AlloyClientOptions(options.BaseUri, options.ApiKey, options.KeySource)
            {
                ApiVersion = options.ApiVersion,
                UserId = userId,
                RetryPolicy = options.RetryPolicy,
                Clock = options.Clock,
            };
            return new UserScopedClient(new AlloyClient(copy), true);
        }

        public void Dispose()
        {
            if (_owned) Client.Dispose();
        }
    }
}
