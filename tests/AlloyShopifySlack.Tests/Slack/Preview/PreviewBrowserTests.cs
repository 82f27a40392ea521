using System.Drawing;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Slack.Interactions;
using AlloyShopifySlack.Tests.Infrastructure;
using AlloyShopifySlack.Tests.Sync.Crash;
using OpenQA.Selenium;

namespace AlloyShopifySlack.Tests.Slack.Preview;

/// <summary>
/// A real browser reads the page Show-SlackOrderMessage writes: headless Chromium (as in the consent test) opens
/// the file and the test checks what a person sees, then saves a screenshot under out/test-results.
/// </summary>
public sealed class PreviewBrowserTests
{
    private const string HostileName = "<!channel> <script>x</script>";

    [Fact]
    public void Headless_chromium_shows_the_alert_as_a_person_would_read_it_and_loads_nothing()
    {
        var chromium = HeadlessChromium.Locate();
        if (chromium == null) return; // opted out on purpose, locally

        using var host = new PowerShellHost();
        var page = Path.Combine(host.WorkingDirectory, "preview.html");
        var orders = Enumerable.Range(1, 3).Select(i => Orders.Sample($"#20{i:00}", 700m + i, number: 2000 + i)).ToList();
        var digest = new OrderMessageBuilder().BuildDigest(orders);
        var original = System.Text.Json.Nodes.JsonNode.Parse(new OrderMessageBuilder().Build(orders[0],
            new OrderMessageOptions { WithAcknowledgeButton = true }).ToRequestBody("C1").ToJsonString())!.AsObject();
        var acknowledged = AcknowledgementMessage.Build(original, "U0123ABCD", "ana",
            new DateTimeOffset(2024, 1, 15, 11, 0, 0, TimeSpan.Zero));
        var written = host.Invoke(
            "& { $args[0] | ConvertTo-SlackOrderMessage -WithAcknowledgeButton -StoreDomain alloy-demo-store; $args[1]; $args[2] } " +
                "$args[0] $args[1] $args[2] | " +
            "Show-SlackOrderMessage -Path $args[3] -NoBrowser",
            Orders.Sample(customer: HostileName, items: 2), digest, acknowledged, page);
        Assert.Null(written.Terminating);
        Assert.Empty(written.Errors);
        Assert.Equal(page, ((FileInfo)Assert.Single(written.Output).BaseObject).FullName);

        using var browser = HeadlessChromium.Launch(chromium.Value, 1000, 900);
        var chrome = browser.Driver;
        chrome.Navigate().GoToUrl(new Uri(page));

        var alert = chrome.FindElement(By.Id("message-1"));
        Assert.Equal("🎉 High-Value Order: #1001", alert.FindElement(By.CssSelector(".b-header")).Text);
        var fields = alert.FindElements(By.CssSelector(".s-field")).Select(f => f.Text).ToList();
        Assert.Contains("Total Amount:\nUSD 1,250.00", fields);
        Assert.Contains("Customer:\n" + HostileName, fields);
        Assert.Empty(alert.FindElements(By.CssSelector(".mention, .mspecial")));
        Assert.Empty(chrome.FindElements(By.TagName("script")));
        var buttons = alert.FindElements(By.CssSelector(".b-actions .btn")).Select(b => b.Text).ToList();
        Assert.Equal(new[] { "View in Shopify admin", "🙋 Claim" }, buttons);
        Assert.Equal("🎉 3 High-Value Orders", chrome.FindElement(By.CssSelector("#message-2 .b-header")).Text);
        Assert.Contains("✅ Claimed by @U0123ABCD at Jan 15, 2024 11:00 AM UTC", chrome.FindElement(By.Id("message-3")).Text);

        // The style sheet applied (so the policy's hash is right) and nothing was fetched.
        var js = (IJavaScriptExecutor)chrome;
        Assert.Equal("rgb(0, 122, 90)", js.ExecuteScript("return getComputedStyle(document.querySelector('#message-1 " +
            ".btn-primary')).backgroundColor"));
        Assert.Equal(0L, js.ExecuteScript("return performance.getEntriesByType('resource').length"));

        var height = Convert.ToInt32(js.ExecuteScript("return document.documentElement.scrollHeight"));
        chrome.Manage().Window.Size = new Size(1000, Math.Min(4000, height + 140));
        var results = Path.Combine(PowerShellLocator.RepositoryRoot, "out", "test-results");
        Directory.CreateDirectory(results);
        ((ITakesScreenshot)chrome).GetScreenshot().SaveAsFile(Path.Combine(results, "slack-preview.png"));
        File.Copy(page, Path.Combine(results, "slack-preview.html"), overwrite: true);
    }
}
