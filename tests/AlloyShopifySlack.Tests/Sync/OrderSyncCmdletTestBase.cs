using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Tests.Infrastructure;
using AlloyShopifySlack.Tests.Sync.Crash;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>
/// A runspace with the module, connected to a fresh in-process emulator (no order, no rate limit), and $p: the
/// splat of an Invoke-OrderSync for its tenant with a state folder of its own (and the tenant's channel, unless the
/// tests give their own).
/// </summary>
public abstract class OrderSyncCmdletTestBase(bool withChannel = true) : IAsyncLifetime
{
    protected EmulatorServer _emulator { get; private set; } = null!;
    protected AlertCensus _census { get; private set; } = null!;
    protected PowerShellHost _host { get; private set; } = null!;
    protected string _state { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OrderCount = 0, SlackRateLimit = false,
            ShopifyThrottling = false });
        _census = new AlertCensus(_emulator);
        _host = new PowerShellHost();
        _state = Path.Combine(_host.WorkingDirectory, "state");
        var tenant = _emulator.Tenant;
        _host.Invoke("$global:c = Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2] -NoSession; " +
                     "$global:p = @{ Connection = $c; ShopifyCredentialId = $args[3]; SlackCredentialId = $args[4]; StatePath = " +
                         "$args[6]; ChannelRate = 500 }; " +
                     "if ($args[5]) { $p.Channel = $args[5] }",
            _emulator.ApiKey, _emulator.BaseUri, tenant.UserId, tenant.ShopifyCredentialId, tenant.SlackCredentialId,
                withChannel ? tenant.ChannelId : "", _state);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _emulator.DisposeAsync();
    }

    protected HostedResult Sync(string extra = "") => _host.Invoke("Invoke-OrderSync @p " + extra);
}
