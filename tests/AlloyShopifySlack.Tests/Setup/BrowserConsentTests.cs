using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Tests.Infrastructure;
using OpenQA.Selenium;

namespace AlloyShopifySlack.Tests.Setup;

/// <summary>
/// A real browser completes the consent: headless Chromium (Debian's chromium + chromium-driver, which build.ps1
/// test installs when root) opens the URL Connect-AlloyShopify -NoBrowser prints, clicks Allow on the emulator's consent page, and
/// lands on the loopback listener's page while the cmdlet returns the credential.
/// </summary>
public sealed class BrowserConsentTests
{
    [Fact]
    public async Task Headless_chromium_clicks_Allow_and_Connect_AlloyShopify_returns_the_credential()
    {
        var chromium = HeadlessChromium.Locate();
        if (chromium == null) return; // opted out on purpose, locally

        await using var emulator = await EmulatorServer.StartAsync();
        using var session = new SetupRunspace(emulator);

        var result = session.InvokeWithBrowser("Connect-AlloyShopify -ShopName alloy-demo-store -NoBrowser",
            url => Task.Run(() => ClickAllow(chromium.Value, url)));

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        var credential = (AlloyCredential)Assert.Single(result.Output).BaseObject;
        Assert.Contains(emulator.State.Directory.CredentialsOf(emulator.Tenant.UserId, "shopify"),
            c => c.CredentialId == credential.CredentialId);
        Assert.NotEqual(emulator.Tenant.ShopifyCredentialId, credential.CredentialId);
        Assert.Contains("return to the terminal", Assert.Single(session.VisitedPages));
    }

    private static string ClickAllow((string Browser, string Driver) paths, Uri consentUrl)
    {
        using var browser = HeadlessChromium.Launch(paths);
        var chrome = browser.Driver;
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
}
