using OpenQA.Selenium.Chrome;

namespace AlloyShopifySlack.Tests.Infrastructure;

/// <summary>
/// Debian's chromium + chromium-driver, headless, with a throw-away profile: the one way the browser tests start a
/// real browser. Missing binaries fail the test with what to install, unless ALLOYPS_SKIP_BROWSER_TESTS=1 opts out.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    public const string OptOut = "ALLOYPS_SKIP_BROWSER_TESTS";
    private static readonly string[] BrowserPaths = { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" };
    private static readonly string[] DriverPaths = { "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver" };

    private readonly string _profile;

    private HeadlessChromium(string browserPath, string driverPath, int width, int height)
    {
        _profile = Directory.CreateTempSubdirectory("alloyps-chromium-").FullName;
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = browserPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", $"--window-size={width},{height}",
            "--user-data-dir=" + _profile);
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public ChromeDriver Driver { get; }

    /// <summary>The browser and driver to use; null when this machine opted out. Fails the test when they are missing.</summary>
    public static (string Browser, string Driver)? Locate()
    {
        var browser = Find("ALLOYPS_CHROMIUM", BrowserPaths);
        var driver = Find("ALLOYPS_CHROMEDRIVER", DriverPaths);
        if (browser != null && driver != null) return (browser, driver);
        if (Environment.GetEnvironmentVariable(OptOut) == "1") return null; // opted out on purpose, locally
        Assert.Fail($"The browser test needs Chromium and ChromeDriver, and {(browser == null ? "chromium" : "chromedriver")} " +
            "was not found " +
                    $"(looked in {string.Join(", ", browser == null ? BrowserPaths : DriverPaths)}). Install them with " +
                    "'apt-get install -y chromium chromium-driver' (build.ps1 test does this when run as root), point ALLOYPS_CHROMIUM / " +
                        "ALLOYPS_CHROMEDRIVER at them, " +
                    $"or set {OptOut}=1 to opt out on this machine.");
        return null;
    }

    public static HeadlessChromium Launch((string Browser, string Driver) paths, int width = 1280, int height = 1024) =>
        new(paths.Browser, paths.Driver, width, height);

    public void Dispose()
    {
        Driver.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { }
    }

    private static string? Find(string variable, string[] defaults)
    {
        var chosen = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(chosen) ? defaults.FirstOrDefault(File.Exists) : File.Exists(chosen) ? chosen : null;
    }
}
