using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Setup;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Tests.Setup;

/// <summary>Replaces the process-wide browser launcher, so these tests run one at a time.</summary>
[CollectionDefinition(nameof(BrowserLauncherCollection), DisableParallelization = true)]
public sealed class BrowserLauncherCollection { }

[Collection(nameof(BrowserLauncherCollection))]
public sealed class BrowserLaunchTests
{
    /// <summary>A "system browser" that either cannot start, or starts and does what a user would: Allow.</summary>
    private sealed class FakeLauncher : IBrowserLauncher
    {
        private readonly bool _starts;
        public FakeLauncher(bool starts) { _starts = starts; }
        public List<Uri> Opened { get; } = new();
        public Task? Visit { get; private set; }

        public bool TryOpen(Uri url, out string? failure)
        {
            Opened.Add(url);
            failure = _starts ? null : "no graphical session (test)";
            if (_starts) Visit = Task.Run(() => ConsentVisitor.VisitAsync(url));
            return _starts;
        }
    }

    private static Tests.Infrastructure.HostedResult WithLauncher(FakeLauncher launcher, SetupRunspace session, string script,
        string? decision)
    {
        var previous = SetupServices.BrowserLauncher;
        SetupServices.BrowserLauncher = launcher;
        try { return session.Invoke(script, decision); }
        finally { SetupServices.BrowserLauncher = previous; }
    }

    [Fact]
    public async Task When_the_browser_opens_the_url_is_still_shown_to_the_user_but_not_warned_about()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var session = new SetupRunspace(emulator);
        var launcher = new FakeLauncher(starts: true);

        var result = WithLauncher(launcher, session, "Connect-AlloySlack", null);

        Assert.Equal("slack", ((AlloyCredential)Assert.Single(result.Output).BaseObject).ConnectorId);
        var opened = Assert.Single(launcher.Opened);
        Assert.Contains("/_emulator/oauth/authorize", opened.AbsoluteUri);
        Assert.Empty(result.Warnings);
        Assert.Contains(result.Information, line => line.Contains("browser is open"));
        Assert.Contains(result.Information, line => line.Contains(opened.AbsoluteUri));
    }

    [Fact]
    public async Task When_no_browser_can_start_the_url_is_printed_and_warned_and_the_flow_goes_on()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var session = new SetupRunspace(emulator);
        var launcher = new FakeLauncher(starts: false);

        var result = WithLauncher(launcher, session, "Connect-AlloySlack", "allow");

        Assert.Single(result.Output);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("Could not open a browser (no graphical session (test))", warning);
        Assert.Contains(Assert.Single(launcher.Opened).AbsoluteUri, warning);
    }

    [Fact]
    public async Task NoBrowser_never_starts_one()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var session = new SetupRunspace(emulator);
        var launcher = new FakeLauncher(starts: true);

        var result = WithLauncher(launcher, session, "Connect-AlloySlack -NoBrowser", "allow");

        Assert.Single(result.Output);
        Assert.Empty(launcher.Opened);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    public void The_system_launcher_opens_only_web_addresses(string url)
    {
        Assert.False(SystemBrowserLauncher.Instance.TryOpen(new Uri(url), out var failure));
        Assert.Contains("http", failure);
    }
}
