using AlloyShopifySlack.Tests.Sync.Crash;
using static AlloyShopifySlack.Tests.Slack.Preview.PreviewText;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>Invoke-OrderSync -WhatIf -Preview hosted in a runspace against the in-process emulator.</summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class InvokeOrderSyncPreviewTests : OrderSyncCmdletTestBase
{
    [Fact]
    public void WhatIf_Preview_writes_the_page_of_what_the_run_would_post_and_posts_nothing()
    {
        _census.Add(3, 800m);
        _census.Add(1, 15000m);
        _census.Add(1, 100m);
        var run = _host.Invoke("Invoke-OrderSync @p -WhatIf -Preview -PreviewPath preview.html -NoBrowser -DigestThreshold 2 " +
                               "-Route (New-OrderRoute -MinimumTotal 10000 -Channel C0VIPORDERS)");

        Assert.Empty(run.Errors);
        Assert.Equal(5, run.Output.Count); // the -WhatIf plan, as without -Preview
        Assert.All(run.Output, o => Assert.Equal("AlloyShopifySlack.OrderSyncPlanItem", o.TypeNames[0]));
        Assert.Equal(0, _census.MessageCount);
        var page = Path.Combine(_host.WorkingDirectory, "preview.html");
        Assert.Contains(run.Information, i => i.Contains("Preview of the messages this run would post: " + page));
        var text = Visible(File.ReadAllText(page));
        Assert.Contains("What Invoke-OrderSync would post for " + _emulator.Tenant.UserId + " · 2 messages.", text);
        Assert.Contains($"Digest of 3 orders → {_emulator.Tenant.ChannelId} (send)", text);
        Assert.Contains("🎉 3 High-Value Orders", text);
        Assert.Contains("→ C0VIPORDERS (send)", text);
        Assert.Contains("USD 15,000.00", text);
    }

    [Fact]
    public void Preview_alone_plans_as_WhatIf_does_and_an_empty_plan_says_so()
    {
        _census.Add(1, 100m);
        var run = _host.Invoke("Invoke-OrderSync @p -Preview -PreviewPath empty.html -NoBrowser -Quiet");

        Assert.Empty(run.Errors);
        Assert.Equal("BelowThreshold", Assert.Single(run.Output).Properties["Action"].Value.ToString());
        Assert.Equal(0, _census.MessageCount);
        Assert.Contains("No messages: nothing would be posted.", File.ReadAllText(Path.Combine(_host.WorkingDirectory, "empty.html")));
    }
}
