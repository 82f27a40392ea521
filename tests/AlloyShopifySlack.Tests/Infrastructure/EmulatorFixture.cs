using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Tests.Infrastructure;

/// <summary>
/// One in-process emulator shared by the tests of a class (<c>IClassFixture&lt;EmulatorFixture&gt;</c>); call
/// <see cref="Reset"/> at the start of a test that needs the seeded state. Derive and override
/// <see cref="CreateOptions"/> for other options. Classes that need their own options per test can simply
/// <c>await using var emulator = await EmulatorServer.StartAsync(...)</c> and use <see cref="EmulatorClients"/>.
/// </summary>
public class EmulatorFixture : IAsyncLifetime
{
    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator fixture is not started.");

    /// <summary>Frozen at a fixed instant, no Shopify throttling, no Slack rate limit: fast and repeatable.</summary>
    protected virtual EmulatorOptions CreateOptions() => new()
    {
        Now = new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero),
        ShopifyThrottling = false,
        SlackRateLimit = false,
    };

    public async Task InitializeAsync() => _server = await EmulatorServer.StartAsync(CreateOptions());

    public async Task DisposeAsync()
    {
        if (_server != null) await _server.DisposeAsync();
    }

    /// <summary>Back to the seeded state (same tenant ids); run-time knobs return to the options.</summary>
    public void Reset() => Server.State.Reset();

    public AlloyClient CreateClient(IClock? clock = null, RetryPolicy? policy = null) => EmulatorClients.Client(Server, clock, policy);
}

public static class EmulatorClients
{
    /// <summary>An AlloyClient for the emulator's seeded tenant. Default clock: <see cref="EmulatorLinkedClock"/>.</summary>
    public static AlloyClient Client(EmulatorServer server, IClock? clock = null, RetryPolicy? policy = null, string? userId = null) =>
        new(new AlloyClientOptions(server.BaseUri, SecretText.ToSecureString(server.ApiKey), "the emulator")
        {
            UserId = userId ?? server.Tenant.UserId,
            Clock = clock ?? new EmulatorLinkedClock(server.State.Clock),
            RetryPolicy = policy ?? new RetryPolicy { JitterSource = () => 0.5, RequestTimeout = TimeSpan.FromSeconds(30) },
        });
}

/// <summary>
/// A client clock that is the emulator's clock: a client's Delay (backoff, Retry-After, THROTTLED waits, pacing)
/// moves the emulator's time on instead of sleeping, so rate limits and cost buckets refill without real waiting.
/// Freeze the emulator clock (EmulatorOptions.Now) for fully repeatable runs.
/// </summary>
public sealed class EmulatorLinkedClock : IClock
{
    private readonly EmulatorClock _clock;

    public EmulatorLinkedClock(EmulatorClock clock) => _clock = clock;

    public DateTimeOffset UtcNow => _clock.UtcNow;

    /// <summary>Total virtual time waited, for assertions about pacing.</summary>
    public TimeSpan Waited { get; private set; }

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (delay > TimeSpan.Zero)
        {
            _clock.Advance(delay);
            lock (_clock) Waited += delay;
        }
        return Task.CompletedTask;
    }
}
