using AlloyShopifySlack.Cmdlets.Setup;
using AlloyShopifySlack.Setup;
using AlloyShopifySlack.Tests.Infrastructure;
using AlloyShopifySlack.Tests.Setup;
using static AlloyShopifySlack.Tests.Slack.Preview.PreviewText;

namespace AlloyShopifySlack.Tests.Slack.Preview;

/// <summary>Show-SlackOrderMessage hosted in a runspace; the system browser is replaced, so these run one at a time.</summary>
[Collection(nameof(BrowserLauncherCollection))]
public sealed class ShowSlackOrderMessageTests : IDisposable
{
    private readonly PowerShellHost _host = new();

    public void Dispose() => _host.Dispose();

    private sealed class FakeLauncher : IBrowserLauncher
    {
        private readonly bool _starts;
        public FakeLauncher(bool starts) { _starts = starts; }
        public List<Uri> Opened { get; } = new();

        public bool TryOpen(Uri url, out string? failure)
        {
            Opened.Add(url);
            failure = _starts ? null : "no graphical session (test)";
            return _starts;
        }
    }

    private HostedResult WithLauncher(FakeLauncher launcher, string script, params object?[] arguments)
    {
        var previous = SetupServices.BrowserLauncher;
        SetupServices.BrowserLauncher = launcher;
        try { return _host.Invoke(script, arguments); }
        finally { SetupServices.BrowserLauncher = previous; }
    }

    private static string Page(HostedResult result) => File.ReadAllText(((FileInfo)Assert.Single(result.Output).BaseObject).FullName);

    [Fact]
    public void Piped_messages_make_one_page_that_opens_in_the_browser()
    {
        var launcher = new FakeLauncher(starts: true);
        var result = WithLauncher(launcher, "$args | ConvertTo-SlackOrderMessage | Show-SlackOrderMessage -Path out/page.html",
            Orders.Sample(), Orders.Sample("#1002", 900m, "Ana", 1002));

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        var page = (FileInfo)Assert.Single(result.Output).BaseObject;
        Assert.Equal(Path.Combine(_host.WorkingDirectory, "out", "page.html"), page.FullName);
        Assert.Equal(new Uri(page.FullName), Assert.Single(launcher.Opened));
        var text = Visible(File.ReadAllText(page.FullName));
        Assert.Contains("2 messages", text);
        Assert.Contains("High-Value Order: #1001", text);
        Assert.Contains("High-Value Order: #1002", text);
    }

    [Fact]
    public void Orders_by_property_with_a_template_are_built_on_the_spot_and_NoBrowser_opens_nothing()
    {
        var launcher = new FakeLauncher(starts: true);
        var result = WithLauncher(launcher,
            "[pscustomobject]@{ Name = '#7'; Total = 1234.5; Currency = 'EUR'; CustomerName = 'Zoë & <Co>' } | " +
            "Show-SlackOrderMessage -Template '*{Name}* — {Amount} from {CustomerName}' -Path . -NoBrowser");

        Assert.Empty(result.Errors);
        Assert.Empty(launcher.Opened);
        var page = (FileInfo)Assert.Single(result.Output).BaseObject;
        Assert.Equal("slack-preview.html", page.Name); // -Path a folder: the default name inside it
        Assert.Contains("#7 — EUR 1,234.50 from Zoë & <Co>", Visible(File.ReadAllText(page.FullName)));
    }

    [Fact]
    public void Without_a_browser_the_path_is_given_in_a_warning()
    {
        var result = WithLauncher(new FakeLauncher(starts: false), "$args[0] | Show-SlackOrderMessage", Orders.Sample());

        var page = (FileInfo)Assert.Single(result.Output).BaseObject;
        Assert.StartsWith(Path.GetTempPath(), page.FullName);
        Assert.Contains($"Could not open a browser (no graphical session (test)). Open the preview yourself: {page.FullName}",
            Assert.Single(result.Warnings));
        page.Delete();
    }

    [Fact]
    public void A_template_that_fails_for_an_order_is_an_error_and_a_card_that_says_why()
    {
        var result = WithLauncher(new FakeLauncher(starts: true), "$args[0] | Show-SlackOrderMessage -Template { throw 'no layout' } " +
            "-Path p.html -NoBrowser", Orders.Sample());

        Assert.Contains("no layout", Assert.Single(result.Errors).ToString());
        Assert.Contains("This message could not be built: The template failed for order #1001: no layout", Visible(Page(result)));
    }

    [Fact]
    public void A_page_that_cannot_be_written_stops_with_a_remedy()
    {
        File.WriteAllText(Path.Combine(_host.WorkingDirectory, "file"), "x");
        var result = WithLauncher(new FakeLauncher(starts: true), "$args[0] | Show-SlackOrderMessage -Path file/sub/p.html -NoBrowser",
            Orders.Sample());

        var error = Assert.Single(result.Errors); // statement-terminating: the script goes on, the error is in the stream
        Assert.StartsWith("SlackPreviewNotWritten", error.FullyQualifiedErrorId);
        Assert.Equal("Choose another -Path (a folder you can write to).", error.ErrorDetails.RecommendedAction);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void The_system_launcher_opens_an_existing_local_page_but_no_other_file()
    {
        var page = Path.Combine(_host.WorkingDirectory, "p.html");
        File.WriteAllText(page, "<p>x</p>");
        File.WriteAllText(Path.Combine(_host.WorkingDirectory, "p.txt"), "x");
        Assert.True(SystemBrowserLauncher.IsLocalPage(new Uri(page)));
        Assert.False(SystemBrowserLauncher.IsLocalPage(new Uri(Path.Combine(_host.WorkingDirectory, "missing.html"))));
        Assert.False(SystemBrowserLauncher.IsLocalPage(new Uri(Path.Combine(_host.WorkingDirectory, "p.txt"))));
        Assert.False(SystemBrowserLauncher.IsLocalPage(new Uri("file:///etc/passwd")));
    }
}
