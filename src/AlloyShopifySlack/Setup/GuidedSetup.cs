using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Setup;

/// <summary>What Initialize-AlloyShopifySlack did (type name AlloyShopifySlack.SetupResult).</summary>
public sealed class SetupResult
{
    public string EnvFile { get; set; } = string.Empty;
    public string? UserId { get; set; }
    public string? Username { get; set; }
    public bool UserReused { get; set; }
    public string? ShopifyStoreDomain { get; set; }
    public string? ShopifyCredentialId { get; set; }
    public bool ShopifyCredentialReused { get; set; }
    public string? SlackCredentialId { get; set; }
    public bool SlackCredentialReused { get; set; }
    public string? SlackChannelId { get; set; }
    public bool ApiKeySaved { get; set; }
    public IReadOnlyList<HealthCheckResult> Checks { get; set; } = Array.Empty<HealthCheckResult>();
    public bool Succeeded => Checks.All(c => c.Status != HealthStatus.Failed);
}

/// <summary>
/// The network steps of the guided set-up (the cmdlet does the prompting and the confirmations): find or create
/// the user, decide whether a saved credential still works, and verify the whole chain without changing anything.
/// </summary>
public sealed class GuidedSetup
{
    private readonly AlloyClient _client;

    public GuidedSetup(AlloyClient client) { _client = client; }

    /// <summary>The user with this id, or null when Alloy does not know it.</summary>
    public async Task<AlloyUser?> FindUserByIdAsync(string userId, CancellationToken ct)
    {
        try { return await _client.GetUserAsync(userId, ct).ConfigureAwait(false); }
        catch (AlloyNotFoundException) { return null; }
    }

    /// <summary>The user with this username, created when there is none. Reused is true when it already existed.</summary>
    public async Task<(AlloyUser User, bool Reused)> EnsureUserAsync(string username, string? fullName, CancellationToken ct)
    {
        var existing = await _client.FindUserByNameAsync(username, ct).ConfigureAwait(false);
        if (existing != null) return (existing, true);
        try
        {
            return (await _client.CreateUserAsync(username, fullName, ct).ConfigureAwait(false), false);
        }
        catch (AlloyConflictException ex) when (ex.ErrorId == "AlloyUserExists")
        {
            // Created by someone else between the look-up and the create: reuse it.
            var raced = await _client.FindUserByNameAsync(username, ct).ConfigureAwait(false);
            if (raced == null) throw;
            return (raced, true);
        }
    }

    /// <summary>Whether a saved credential still works (listed for the user, and a read through it succeeds).</summary>
    public async Task<HealthCheckResult> CheckCredentialAsync(string credentialId, string connectorId, HealthCheckSettings settings,
        CancellationToken ct) =>
        await new ConnectionHealthCheck(_client).TestCredentialAsync(credentialId, connectorId, settings, ct).ConfigureAwait(false);

    /// <summary>The guide's verification: connectors listed, 5 orders read, and a Slack post rehearsed (WhatIf: nothing is sent).</summary>
    public async Task<IReadOnlyList<HealthCheckResult>> VerifyAsync(HealthCheckSettings settings, string? channelId, CancellationToken ct)
    {
        var checks = new List<HealthCheckResult>();
        checks.Add(await Check("Connectors", async () =>
        {
            var ids = (await _client.ListConnectorsAsync(ct).ConfigureAwait(false)).Select(c => c.Id).ToList();
            var missing = new[] { settings.ShopifyConnectorId, settings.SlackConnectorId }.Where(
                n => !ids.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count > 0) throw new OnboardingException("ConnectorMissing", OnboardingFailure.UnexpectedAnswer,
                $"Alloy lists {ids.Count} connectors but not {string.Join(", ", missing)}.",
                    "Check SHOPIFY_CONNECTOR_ID / SLACK_CONNECTOR_ID.");
            return $"{ids.Count} connectors listed, including {settings.ShopifyConnectorId} and {settings.SlackConnectorId}.";
        }, "Check ALLOY_API_KEY and ALLOY_BASE_URL.").ConfigureAwait(false));

        checks.Add(await Check("Shopify orders", async () =>
        {
            var count = await ConnectorProbes.ReadOrdersAsync(_client, settings.ShopifyConnectorId, settings.ShopifyCredentialId!, 5, ct)
                .ConfigureAwait(false);
            return $"Read {count} order(s) with listOrders.";
        }, "Run Connect-AlloyShopify again (or Initialize-AlloyShopifySlack -Force).").ConfigureAwait(false));

        checks.Add(await Check("Slack post (WhatIf)", async () =>
        {
            var who = await ConnectorProbes.SlackAsync(_client, settings.SlackConnectorId, settings.SlackCredentialId!, ct)
                .ConfigureAwait(false);
            return $"{who} What if: a test message would be posted to {channelId ?? "(no channel)"}; nothing was sent.";
        }, "Run Connect-AlloySlack again (or Initialize-AlloyShopifySlack -Force).").ConfigureAwait(false));
        return checks;
    }

    private static async Task<HealthCheckResult> Check(string component, Func<Task<string>> probe, string remedy)
    {
        try
        {
            var detail = await probe().ConfigureAwait(false);
            OperationContext.Log.Write(LogLevel.Verbose, $"{component}: {detail}");
            return new HealthCheckResult(component, HealthStatus.Ok, detail);
        }
        catch (AlloyException ex)
        {
            return new HealthCheckResult(component, HealthStatus.Failed, $"{ex.Message} [{ex.ErrorId}]",
                ex is IRemedy own ? own.Remedy : remedy);
        }
    }
}
