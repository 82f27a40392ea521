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
        /// /connectors/{c}/credentials → credentials[]; /users/{u}/credentials → data[] (filtered by type prefix
        /// "&lt;connector&gt;-"); /credentials/users/{u} → data[]. For one connector the documented first variant is
        /// tried first; the user listings when it is empty or absent (a third-party client found it empty in practice).
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
                catch (AlloyException ex) when (IsMissingRoute(ex)) { }
            }

            IEnumerable<JsonElement> items;
            try
            {
                var answer = await GetAsync($"users/{Escape(userId)}/credentials", ct, asUser: true).ConfigureAwait(false);
                items = Items(answer, "data", "credentials");
            }
            catch (AlloyException ex) when (IsMissingRoute(ex))
            {
                try
                {
                    var answer = await GetAsync($"credentials/users/{Escape(userId)}", ct, asUser: true).ConfigureAwait(false);
                    items = Items(answer, "data", "credentials");
                }
                catch (AlloyNotFoundException notFound)
                {
                    throw new AlloyNotFoundException(
                        $"Alloy knows no user '{userId}' (or lists no credentials for it): {notFound.Message} Check ALLOY_USER_ID with Get-AlloyUser.");
                }
            }
            var all = items.ToList();
            if (string.IsNullOrEmpty(connectorId)) return all.Select(c => ReadCredential(c, null)).ToList();
            var mine = all.Where(c => BelongsTo(c, connectorId!)).Select(c => ReadCredential(c, connectorId)).ToList();
            if (mine.Count > 0) _connectorListingIsEmpty = true; // the documented listing came back empty but this one did not
            return mine;
        }

        /// <summary>A 404 or 405 from a listing endpoint: this server does not have that variant.</summary>
        private static bool IsMissingRoute(AlloyException ex) =>
            ex.Kind == AlloyErrorKind.NotFound || ex.StatusCode == System.Net.HttpStatusCode.MethodNotAllowed;

        /// <summary>The credential's connectorId field, else its type: "slack", "slack-oauth2" belong to "slack".</summary>
        internal static bool BelongsTo(JsonElement credential, string connectorId)
        {
            var declared = JsonRead.String(credential, "connectorId");
            if (declared != null) return string.Equals(declared, connectorId, StringComparison.OrdinalIgnoreCase);
            var type = JsonRead.String(credential, "type");
            if (string.IsNullOrEmpty(type)) return false;
            return string.Equals(type, connectorId, StringComparison.OrdinalIgnoreCase)
                || type!.StartsWith(connectorId + "-", StringComparison.OrdinalIgnoreCase);
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

        private static readonly string[] AuthSuffixes = { "-oauth2", "-oauth", "-apikey", "-api-key", "-api_key", "-basic", "-bearer", "-token", "-custom" };

        /// <summary>"slack-oauth2" → "slack", "shopify-api-key" → "shopify"; a bare "shopify" stays "shopify".</summary>
        internal static string? ConnectorFromType(string? type)
        {
            if (string.IsNullOrEmpty(type)) return null;
            foreach (var suffix in AuthSuffixes)
            {
                if (type!.Length > suffix.Length && type.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return type.Substring(0, type.Length - suffix.Length);
            }
            var dash = type!.IndexOf('-');
            return dash > 0 ? type.Substring(0, dash) : type;
        }
    }
}
