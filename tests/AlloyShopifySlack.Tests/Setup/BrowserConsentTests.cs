using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Emulator;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace AlloyShopifySlack.Tests.Setup;

/// <summary>
/// A real browser completes the consent: headless Chromium (Debian's chromium + chromium-driver, which build.ps1
/// test installs when root) opens the URL Connect-AlloyShopify -NoBrowser prints, clicks Allow on the emulator's consent page, and
/// lands on the loopback listener's page while the cmdlet returns the credential.
/// </summary>
public sealed class BrowserConsentTests
{
    private const string OptOut = "ALLOYPS_SKIP_BROWSER_TESTS";
    private static readonly string[] BrowserPaths = { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" };
    private static readonly string[] DriverPaths = { "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver" };

    [Fact]
    public async Task Headless_chromium_clicks_Allow_and_Connect_AlloyShopify_returns_the_credential()
    {
        var browser = Find("ALLOYPS_CHROMIUM", BrowserPaths);
        var driver = Find("ALLOYPS_CHROMEDRIVER", DriverPaths);
        if (browser == null || driver == null)
        {
            if (Environment.GetEnvironmentVariable(OptOut) == "1") return; // opted out on purpose, locally
            Assert.Fail($"The browser test needs Chromium and ChromeDriver, and {(browser == null ? "chromium" : "chromedriver")} was not found " +
                        $"(looked in {string.Join(", ", browser == null ? BrowserPaths : DriverPaths)}). Install them with " +
                        "'apt-get install -y chromium chromium-driver' (build.ps1 test does this when run as root), point ALLOYPS_CHROMIUM / ALLOYPS_CHROMEDRIVER at them, " +
                        $"or set {OptOut}=1 to opt out on this machine.");
        }

        await using var emulator = await EmulatorServer.StartAsync();
        using var session = new SetupRunspace(emulator);

        var result = session.InvokeWithBrowser("Connect-AlloyShopify -ShopName alloy-demo-store -NoBrowser", url => Task.Run(() => ClickAllow(browser, driver, url)));

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        var credential = (AlloyCredential)Assert.Single(result.Output).BaseObject;
        Assert.Contains(emulator.State.Directory.CredentialsOf(emulator.Tenant.UserId, "shopify"), c => c.CredentialId == credential.CredentialId);
        Assert.NotEqual(emulator.Tenant.ShopifyCredentialId, credential.CredentialId);
        Assert.Contains("return to the terminal", Assert.Single(session.VisitedPages));
    }

    private static string? Find(string variable, string[] defaults)
    {
        var chosen = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(chosen) ? defaults.FirstOrDefault(File.Exists) : File.Exists(chosen) ? chosen : null;
    }

    private static string ClickAllow(string browserPath, string driverPath, Uri consentUrl)
    {
        var profile = Directory.CreateTempSubdirectory("alloyps-chromium-").FullName;
        try
        {
            var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
            service.SuppressInitialDiagnosticInformation = true;
            service.HideCommandPromptWindow = true;
            var options = new ChromeOptions { BinaryLocation = browserPath };
            options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--user-data-dir=" + profile);
            using var chrome = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
            chrome.Navigate().GoToUrl(consentUrl);
            chrome.FindElement(By.Id("allow")).Click();
            for (var i = 0; i < 120; i++)
            {
                var message = chrome.FindElements(By.Id("message")).FirstOrDefault()?.Text;
                if (!string.IsNullOrEmpty(message)) return message;
                Thread.Sleep(250);
            }
            return chrome.PageSource;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
        }
    }
}
