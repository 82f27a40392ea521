using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Tests.Infrastructure;

namespace AlloyShopifySlack.Tests.Slack;

/// <summary>
/// One in-process emulator (rate limit off: pacing is tested on a virtual clock) and one runspace connected to it
/// through Connect-Alloy -EnvFile, so that no process environment variable is touched.
/// </summary>
public sealed class SlackEmulatorFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public EmulatorServer Emulator { get; private set; } = null!;
    public PowerShellHost Host { get; private set; } = null!;
    public EmulatorTenant Tenant => Emulator.Tenant;

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OrderCount = 300, OrderDays = 7, Now = Now, SlackRateLimit = false,
            ShopifyThrottling = false });
        Host = new PowerShellHost();
        var env = string.Join("\n",
            $"ALLOY_API_KEY={Emulator.ApiKey}",
            $"ALLOY_BASE_URL={Emulator.BaseUri}",
            $"ALLOY_USER_ID={Tenant.UserId}",
            $"SHOPIFY_CREDENTIAL_ID={Tenant.ShopifyCredentialId}",
            $"SLACK_CREDENTIAL_ID={Tenant.SlackCredentialId}",
            $"SLACK_CHANNEL_ID={Tenant.ChannelId}",
            $"SHOPIFY_STORE_DOMAIN={Tenant.StoreDomain}");
        File.WriteAllText(Path.Combine(Host.WorkingDirectory, "emulator.env"), env);
        var connected = Host.Invoke("Connect-Alloy -EnvFile ./emulator.env");
        if (connected.Terminating != null || connected.Errors.Count > 0)
            throw new InvalidOperationException("Connect-Alloy failed: " + connected.AllText());
    }

    /// <summary>
    /// Empties the workspace's channels (each test counts its own messages) and gives Send-SlackOrderAlert a fresh
    /// sync state folder, so that what one test sent is not skipped by the next.
    /// </summary>
    public void ResetSlack()
    {
        Emulator.State.Slack.Reset();
        StatePath = Path.Combine(Host.WorkingDirectory, "state-" + Guid.NewGuid().ToString("N")[..8]);
        Host.Invoke("$PSDefaultParameterValues['Send-SlackOrderAlert:StatePath'] = $args[0]", StatePath);
    }

    /// <summary>The sync state folder of the current test.</summary>
    public string StatePath { get; private set; } = string.Empty;

    public async Task DisposeAsync()
    {
        Host.Dispose();
        await Emulator.DisposeAsync();
    }
}
