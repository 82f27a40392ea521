namespace AlloyShopifySlack.Alloy;

public sealed partial class AlloyClient
{
    private const int ByConnector = 0, ByUser = 1, ByEmbeddedUser = 2;

    /// <summary>
    /// Lists the user's credentials, for one connector or all. Three listings exist and which one works is
    /// unconfirmed: /connectors/{c}/credentials → credentials[] (documented, reported empty in practice);
    /// /users/{u}/credentials → data[]; /credentials/users/{u} → data[] (both filtered by the type prefix
    /// "&lt;connector&gt;-"). Each is tried until one has credentials; a missing route (404/405) or an empty answer
    /// moves on. The one that answered is tried first next time.
    /// </summary>
    public async Task<IReadOnlyList<AlloyCredential>> ListCredentialsAsync(string? connectorId, CancellationToken ct)
    {
        var userId = RequireUserId();
        // For every connector, a user listing is one call where the per-connector one is one per connector.
        var order = connectorId == null ? new List<int> { ByUser, ByEmbeddedUser, ByConnector }
            : new List<int> { ByConnector, ByUser, ByEmbeddedUser };
        var preferred = _transport.PreferredCredentialListing;
        if (connectorId != null || preferred != ByConnector)
        {
            order.Remove(preferred);
            order.Insert(0, preferred);
        }

        var anyRoute = false;
        AlloyException? lastMissing = null;
        foreach (var listing in order)
        {
            IReadOnlyList<AlloyCredential>? found;
            try
            {
                found = await ListVariantAsync(listing, userId, connectorId, ct).ConfigureAwait(false);
            }
            catch (AlloyException ex) when (IsMissingRoute(ex))
            {
                lastMissing = ex;
                continue;
            }
            anyRoute = true;
            if (found.Count == 0) continue;
            _transport.PreferredCredentialListing = listing;
            return found;
        }
        if (anyRoute) return Array.Empty<AlloyCredential>();
        throw new AlloyNotFoundException(
            $"Alloy knows no user '{userId}' (or lists no credentials for it): {lastMissing?.Message} Check ALLOY_USER_ID with " +
                "Get-AlloyUser.");
    }

    /// <summary>
    /// Asks each of the three listings once for <paramref name="connectorId"/> (read-only) and says what each
    /// answered, for Test-AlloyConnection -Deep; the first that lists credentials is the one tried first from now on.
    /// </summary>
    public async Task<IReadOnlyList<CredentialListingProbe>> ProbeCredentialListingsAsync(string connectorId, CancellationToken ct)
    {
        var userId = RequireUserId();
        var probes = new List<CredentialListingProbe>();
        foreach (var (listing, name) in new[] { (ByConnector, "connector"), (ByUser, "user"), (ByEmbeddedUser, "embedded") })
        {
            try
            {
                var found = await ListVariantAsync(listing, userId, connectorId, ct).ConfigureAwait(false);
                probes.Add(new CredentialListingProbe(name, 200, found.Count));
                if (found.Count > 0 && probes.Count(p => p.Credentials > 0) == 1)
                {
                    _transport.PreferredCredentialListing = listing;
                    Learned.Set(ServiceFacts.CredentialListing, name);
                }
            }
            catch (AlloyException ex) when (!(ex is AlloyAuthenticationException))
            {
                probes.Add(new CredentialListingProbe(name, ex.StatusCode.HasValue ? (int)ex.StatusCode.Value : (int?)null, null));
            }
        }
        return probes;
    }

    private async Task<IReadOnlyList<AlloyCredential>> ListVariantAsync(int listing, string userId, string? connectorId,
        CancellationToken ct)
    {
        if (listing == ByConnector)
        {
            if (connectorId != null) return await ListOneConnectorAsync(connectorId, ct).ConfigureAwait(false);
            // Only the per-connector listing works on some servers: ask every connector.
            var all = new List<AlloyCredential>();
            AlloyException? missing = null;
            var answered = false;
            foreach (var connector in await ListConnectorsAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    all.AddRange(await ListOneConnectorAsync(connector.Id, ct).ConfigureAwait(false));
                    answered = true;
                }
                catch (AlloyException ex) when (IsMissingRoute(ex)) { missing = ex; }
            }
            if (!answered && missing != null) throw missing;
            return all;
        }
        var path = listing == ByUser ? $"users/{Escape(userId)}/credentials" : $"credentials/users/{Escape(userId)}";
        var answer = await GetAsync(path, ct, asUser: true).ConfigureAwait(false);
        var items = Items(answer, "data", "credentials");
        if (string.IsNullOrEmpty(connectorId)) return items.Select(c => ReadCredential(c, null)).ToList();
        return items.Where(c => BelongsTo(c, connectorId!)).Select(c => ReadCredential(c, connectorId)).ToList();
    }

    private async Task<IReadOnlyList<AlloyCredential>> ListOneConnectorAsync(string connectorId, CancellationToken ct)
    {
        var answer = await GetAsync($"connectors/{Escape(connectorId)}/credentials", ct, asUser: true).ConfigureAwait(false);
        return Items(answer, "credentials", "data").Select(c => ReadCredential(c, connectorId)).ToList();
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
}

/// <summary>What one credential listing answered: HTTP status (null: no answer) and how many credentials it listed.</summary>
public sealed class CredentialListingProbe
{
    public CredentialListingProbe(string listing, int? status, int? credentials)
    {
        Listing = listing;
        Status = status;
        Credentials = credentials;
    }

    /// <summary>connector (GET /connectors/{c}/credentials), user (GET /users/{u}/credentials) or embedded (GET
    /// /credentials/users/{u}).</summary>
    public string Listing { get; }
    public int? Status { get; }
    public int? Credentials { get; }
    public override string ToString() => Credentials.HasValue ? $"{Listing}: {Credentials} credential(s)" : $"{Listing}: " +
        $"HTTP {Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer"}";
}
