using AlloyShopifySlack.Emulator;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>One emulator per test class (reset before each test), accepting the test key.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator has not started.");

    public async Task InitializeAsync() =>
        _server = await EmulatorServer.StartAsync(new EmulatorOptions { ApiKey = ClientFactory.ApiKey, OrderCount = 40 });

    public async Task DisposeAsync()
    {
        if (_server != null) await _server.DisposeAsync();
    }

    /// <summary>Requests the module sent to Alloy since the last reset (the admin endpoints not counted).</summary>
    public int AlloyRequests => Server.State.Counters.Snapshot().Where(kv =>
        !kv.Key.Contains("/_emulator", StringComparison.Ordinal) && kv.Key.Contains(' ')).Sum(kv => kv.Value);
}
