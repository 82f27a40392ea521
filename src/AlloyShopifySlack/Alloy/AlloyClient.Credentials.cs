using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace AlloyShopifySlack.Alloy
{
    public sealed partial class AlloyClient
    {
        private volatile bool _connectorListingIsEmpty;

        public async Task<IReadOnlyList<AlloyCredentialMetadata>> GetCredentialMetadataAsync(string connectorId, CancellationToken ct)
        {
            var answer = await GetAsync($"connectors/{Escape(connectorId)}/credentials/metadata", ct).ConfigureAwait(false);
            return Items(answer, "metadata", "data").Select(item =>
            {
                var schema = JsonRead.Property(item, "inputSchema") ?? default;
                return new AlloyCredentialMetadata
                {
                    ConnectorId = connectorId,
                    AuthenticationType = JsonRead.String(item, "authenticationType") ?? string.Empty,
                    AuthConfigRequired = JsonRead.Bool(item, "authConfigRequired") ?? false,
                    InputSchema = schema,
                    SampleInput = JsonRead.Property(item, "sampleInput") ?? default,
                    RequiredFields = schema.ValueKind == JsonValueKind.Object
                        ? JsonRead.Array(JsonRead.Property(schema, "required")).Select(r => r.GetString() ?? string.Empty).ToList()
                        : (IReadOnlyList<string>)Array.Empty<string>(),
                };
            }).ToList();
        }

        /// <summary>POST /connectors/{c}/credentials. The body is built by the caller from the connector's inputSchema.</summary>
        public async Task<CredentialCreation> CreateCredentialAsync(string connectorId, JsonObject body, CancellationToken ct)
        {
            var answer = await PostAsync($"connectors/{Escape(connectorId)}/credentials", body, idempotent: false, ct, asUser: true).ConfigureAwait(false);
            var data = JsonRead.Property(answer, "data") ?? answer;
            return new CredentialCreation
            {
                OAuthUrl = JsonRead.String(data, "oauthUrl") ?? JsonRead.String(answer, "oauthUrl"),
                CredentialId = JsonRead.String(data, "credentialId") ?? JsonRead.String(answer, "credentialId"),
                Raw = answer,
            };
        }

        /// <summary>
        /// Lists the user's credentials, for one connector or all. Three variants exist (api-facts §1.4):
        /// /connectors/{c}/credentials → credentials[]; /users/{u}/credentials → data[] (filtered by type prefix);
        /// /credentials/users/{u} → data[]. The first is tried first; the others when it is empty or absent.
        /// </summary>
        public async Task<IReadOnlyList<AlloyCredential>> ListCredentialsAsync(string? connectorId, CancellationToken ct)
        {
            var userId = RequireUserId();
            if (!string.IsNullOrEmpty(connectorId) && !_connectorListingIsEmpty)
            {
                try
                {
                    var answer = await GetAsync($"connectors/{Escape(connectorId!)}/credentials", ct, asUser: true).ConfigureAwait(false);
                    var found = Items(answer, "credentials", "data").Select(c => ReadCredential(c, connectorId)).ToList();
                    if (found.Count > 0) return found;
                }
                catch (AlloyNotFoundException) { }
            }

            IEnumerable<JsonElement> items;
            try
            {
                var answer = await GetAsync($"users/{Escape(userId)}/credentials", ct, asUser: true).ConfigureAwait(false);
                items = Items(answer, "data", "credentials");
            }
            catch (AlloyNotFoundException)
            {
                var answer = await GetAsync($"credentials/users/{Escape(userId)}", ct, asUser: true).ConfigureAwait(false);
                items = Items(answer, "data", "credentials");
            }
            var all = items.Select(c => ReadCredential(c, null)).ToList();
            if (string.IsNullOrEmpty(connectorId)) return all;
            var mine = all.Where(c => string.Equals(c.ConnectorId, connectorId, StringComparison.OrdinalIgnoreCase)).ToList();
            if (mine.Count > 0) _connectorListingIsEmpty = true; // the documented listing came back empty but this one did not
            return mine;
        }

        public async Task DeleteCredentialAsync(string credentialId, CancellationToken ct)
        {
            await DeleteAsync($"users/{Escape(RequireUserId())}/credentials/{Escape(credentialId)}", ct).ConfigureAwait(false);
        }

        internal static AlloyCredential ReadCredential(JsonElement item, string? connectorId)
        {
            var type = JsonRead.String(item, "type");
            return new AlloyCredential
            {
                CredentialId = JsonRead.String(item, "credentialId") ?? JsonRead.String(item, "id") ?? string.Empty,
                Name = JsonRead.String(item, "name"),
                Type = type,
                ConnectorId = JsonRead.String(item, "connectorId") ?? connectorId ?? ConnectorFromType(type),
                CreatedAt = JsonRead.Date(item, "createdAt"),
                UpdatedAt = JsonRead.Date(item, "updatedAt"),
            };
        }

        /// <summary>"slack-oauth2" → "slack"; a bare "shopify" stays "shopify".</summary>
        internal static string? ConnectorFromType(string? type)
        {
            if (string.IsNullOrEmpty(type)) return null;
            var dash = type!.LastIndexOf('-');
            return dash > 0 ? type.Substring(0, dash) : type;
        }
    }
}
