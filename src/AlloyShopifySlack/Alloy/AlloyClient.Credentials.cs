namespace AlloyShopifySlack.Alloy;

public sealed partial class AlloyClient
{
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
        var answer = await PostAsync($"connectors/{Escape(connectorId)}/credentials", body, idempotent: false, ct, asUser: true)
            .ConfigureAwait(false);
        var data = JsonRead.Property(answer, "data") ?? answer;
        return new CredentialCreation
        {
            OAuthUrl = JsonRead.String(data, "oauthUrl") ?? JsonRead.String(answer, "oauthUrl"),
            CredentialId = JsonRead.String(data, "credentialId") ?? JsonRead.String(answer, "credentialId"),
            Raw = answer,
        };
    }

    public Task DeleteCredentialAsync(string credentialId, CancellationToken ct) => DeleteCredentialAsync(credentialId, null, ct);

    /// <summary>
    /// Deletes through DELETE /users/{u}/credentials/{id}; when that answers 404, through
    /// DELETE /connectors/{c}/credentials/{id} (both exist in public clients; which one Alloy serves is unconfirmed).
    /// The connector is <paramref name="connectorId"/>, else found in the user's credential list; a credential that
    /// neither route nor the list knows is not found. The route that worked is tried first next time.
    /// </summary>
    public async Task DeleteCredentialAsync(string credentialId, string? connectorId, CancellationToken ct)
    {
        var userId = RequireUserId();
        if (_transport.DeleteByConnector && !string.IsNullOrEmpty(connectorId))
        {
            await DeleteAsync($"connectors/{Escape(connectorId!)}/credentials/{Escape(credentialId)}", ct, asUser: true)
                .ConfigureAwait(false);
            return;
        }
        try
        {
            await DeleteAsync($"users/{Escape(userId)}/credentials/{Escape(credentialId)}", ct).ConfigureAwait(false);
            return;
        }
        catch (AlloyNotFoundException)
        {
            connectorId = string.IsNullOrEmpty(connectorId) ? await ConnectorOfAsync(credentialId, ct).ConfigureAwait(false) : connectorId;
            if (connectorId == null) throw;
        }
        Common.OperationContext.Log.Write(Common.LogLevel.Verbose, $"The user route answered 404; deleting credential {credentialId} " +
            $"through connector {connectorId}.");
        await DeleteAsync($"connectors/{Escape(connectorId!)}/credentials/{Escape(credentialId)}", ct, asUser: true).ConfigureAwait(false);
        _transport.DeleteByConnector = true;
    }

    /// <summary>The connector of one of the user's credentials, from the listing; null when it is not listed (or cannot be
    /// listed).</summary>
    private async Task<string?> ConnectorOfAsync(string credentialId, CancellationToken ct)
    {
        try
        {
            var listed = (await ListCredentialsAsync(null, ct).ConfigureAwait(false)).FirstOrDefault(c => c.CredentialId == credentialId);
            return string.IsNullOrEmpty(listed?.ConnectorId) ? null : listed!.ConnectorId;
        }
        catch (AlloyNotFoundException)
        {
            return null;
        }
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

    private static readonly string[] AuthSuffixes = { "-oauth2", "-oauth", "-apikey", "-api-key", "-api_key", "-basic", "-bearer",
        "-token", "-custom" };

    /// <summary>"slack-oauth2" → "slack", "shopify-api-key" → "shopify"; a bare "shopify" stays "shopify".</summary>
    internal static string? ConnectorFromType(string? type)
    {
        if (string.IsNullOrEmpty(type)) return null;
        foreach (var suffix in AuthSuffixes)
        {
            if (type!.Length > suffix.Length && type.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return type.Substring(0,
                type.Length - suffix.Length);
        }
        var dash = type!.IndexOf('-');
        return dash > 0 ? type.Substring(0, dash) : type;
    }
}
