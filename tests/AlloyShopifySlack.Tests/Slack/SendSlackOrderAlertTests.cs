using System.Management.Automation;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Tests.Slack;

/// <summary>The Slack cmdlets hosted in a runspace against the in-process emulator.</summary>
public sealed class SendSlackOrderAlertTests : IClassFixture<SlackEmulatorFixture>
{
    private readonly SlackEmulatorFixture _fx;

    public SendSlackOrderAlertTests(SlackEmulatorFixture fixture)
    {
        _fx = fixture;
        _fx.ResetSlack();
    }

    private static T Base<T>(PSObject o) => (T)o.BaseObject;

    [Fact]
    public void The_canonical_line_alerts_exactly_the_qualifying_orders_once_each()
    {
        var since = SlackEmulatorFixture.Now.AddDays(-8);
        var expected = _fx.Emulator.State.Shopify.Orders.Where(o => o.CreatedAt >= since && o.Total >= 500).Select(o => o.Id).ToHashSet();
        Assert.True(expected.Count > 10, "the sample store should hold a fair number of high-value orders");

        // Pacing is relaxed only to keep the test short (the emulator's limit is off here); the line is the canonical one.
        var result = _fx.Host.Invoke("""
            $PSDefaultParameterValues['Send-SlackOrderAlert:ChannelRate'] = 1000
            $PSDefaultParameterValues['Send-SlackOrderAlert:ChannelBurst'] = 1000
            try { Get-ShopifyOrder -CreatedAfter $args[0] -PageSize 100 | Where-Object Total -ge 500 | Send-SlackOrderAlert }
            finally { 'ChannelRate', 'ChannelBurst' | ForEach-Object { $PSDefaultParameterValues.Remove("Send-SlackOrderAlert:$_") } }
            """, since);

        Assert.Null(result.Terminating);
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors.Take(3).Select(e => e.ToString())));
        var results = result.Output.Select(Base<SlackAlertResult>).ToList();
        Assert.All(results, r => Assert.Equal(SlackAlertStatus.Sent, r.Status));
        Assert.Equal(expected.OrderBy(i => i), results.Select(r => r.OrderId).OrderBy(i => i));
        Assert.All(result.Output, o => Assert.Equal("AlloyShopifySlack.SlackAlertResult", o.TypeNames[0]));

        var messages = _fx.Emulator.Messages(_fx.Tenant.ChannelId);
        Assert.Equal(expected.Count, messages.Count);
        var alerted = messages.Select(m => (string)m.Metadata!["event_payload"]!["order_id"]!).ToList();
        Assert.Equal(expected.OrderBy(i => i), alerted.OrderBy(i => i)); // each once
        Assert.All(messages, m =>
        {
            Assert.False(string.IsNullOrWhiteSpace(m.Text));
            Assert.Empty(BlockKitLimits.Validate(m.Blocks!));
            Assert.Equal("shopify_order_alert", (string?)m.Metadata!["event_type"]);
            foreach (var ping in new[] { "<!channel", "<!here", "<!everyone" })
            {
                Assert.DoesNotContain(ping, m.Text);
                Assert.DoesNotContain(ping, m.Blocks!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder =
                    System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            }
        });
        var guests = _fx.Emulator.State.Shopify.Orders.Where(o => expected.Contains(o.Id) && o.Customer == null).Select(
            o => o.Id).ToHashSet();
        Assert.NotEmpty(guests);
        Assert.All(messages.Where(m => guests.Contains((string)m.Metadata!["event_payload"]!["order_id"]!)),
            m => Assert.EndsWith("from Guest", m.Text));
    }

    [Fact]
    public void WhatIf_shows_channel_and_text_and_sends_nothing()
    {
        var result = _fx.Host.Invoke("$args[0] | Send-SlackOrderAlert -WhatIf", Orders.Sample(customer: "<!channel>"));
        Assert.Empty(_fx.Emulator.State.Slack.AllMessages());
        var alert = Base<SlackAlertResult>(Assert.Single(result.Output));
        Assert.Equal(SlackAlertStatus.WhatIf, alert.Status);
        Assert.Equal(_fx.Tenant.ChannelId, alert.Channel);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void A_refused_order_is_an_error_with_slacks_code_and_remedy_while_the_rest_go_on()
    {
        var items = new object[]
        {
            new { Id = "gid://shopify/Order/1", Name = "#1", Total = 900m, Currency = "USD", CustomerName = "Ann",
                Channel = _fx.Tenant.ChannelId },
            new { Id = "gid://shopify/Order/2", Name = "#2", Total = 901m, Currency = "USD", CustomerName = "Bob",
                Channel = _fx.Tenant.NotMemberChannelId },
            new { Id = "gid://shopify/Order/3", Name = "#3", Total = 902m, Currency = "USD", CustomerName = "Cy",
                Channel = "C0DOESNOTEXIST" },
            new { Id = "gid://shopify/Order/4", Name = "#4", Total = 903m, Currency = "USD", CustomerName = "Di",
                Channel = _fx.Tenant.ChannelId },
        };
        var result = _fx.Host.Invoke("$args | ForEach-Object { [pscustomobject]$_ } | Send-SlackOrderAlert",
            items.Select(i => (object?)ToHashtable(i)).ToArray());

        Assert.Null(result.Terminating);
        var results = result.Output.Select(Base<SlackAlertResult>).OrderBy(r => r.OrderName).ToList();
        Assert.Equal(new[] { SlackAlertStatus.Sent, SlackAlertStatus.Failed, SlackAlertStatus.Failed, SlackAlertStatus.Sent },
            results.Select(r => r.Status));
        Assert.Equal(2, result.Errors.Count);
        var notIn = result.Errors.Single(e => e.Exception is SlackApiException { Code: "not_in_channel" });
        Assert.Contains("/invite", notIn.ErrorDetails.RecommendedAction);
        Assert.Equal("#2", ((ShopifyOrder)notIn.TargetObject).Name);
        var notFound = result.Errors.Single(e => e.Exception is SlackApiException { Code: "channel_not_found" });
        Assert.Contains("Check the channel id", notFound.ErrorDetails.RecommendedAction);
        Assert.StartsWith("SlackError", notFound.FullyQualifiedErrorId);
        Assert.Equal(2, _fx.Emulator.Messages(_fx.Tenant.ChannelId).Count);
    }

    [Fact]
    public void Orders_bind_by_property_name_from_any_object()
    {
        var result = _fx.Host.Invoke("""
            [pscustomobject]@{ Id = 'gid://shopify/Order/77'; Name = '#77'; Total = '1234.5'; Currency = 'EUR'; CustomerName = $null
                CreatedAt = '2024-01-14T09:00:00Z'; LineItems = @(@{ Name = 'Lamp'; Quantity = 2 }) } |
                Send-SlackOrderAlert -WithAcknowledgeButton
            """);
        Assert.Empty(result.Errors);
        var message = Assert.Single(_fx.Emulator.Messages(_fx.Tenant.ChannelId));
        Assert.Equal("🎉 High-value order #77: EUR 1,234.50 from Guest", message.Text);
        var json = message.Blocks!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder =
            System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("2× Lamp", json);
        Assert.Contains("\"value\":\"#77|gid://shopify/Order/77\"", json);
    }

    [Fact]
    public void The_same_order_twice_is_sent_once()
    {
        var order = Orders.Sample();
        var result = _fx.Host.Invoke("$args[0], $args[0] | Send-SlackOrderAlert", order);
        Assert.Equal(new[] { SlackAlertStatus.Sent, SlackAlertStatus.Skipped },
            result.Output.Select(o => Base<SlackAlertResult>(o).Status).OrderBy(s => s));
        Assert.Single(_fx.Emulator.Messages(_fx.Tenant.ChannelId));
    }

    [Fact]
    public void Each_template_form_shapes_the_message()
    {
        var order = Orders.Sample(customer: "<!here>");
        var result = _fx.Host.Invoke("""
            $o = $args[0]
            $o | Send-SlackOrderAlert -Template { "*$($_.Name)* for $($args[0].Total)" }
            $o | Send-SlackOrderAlert -Template '{Name} from {CustomerName}: {Total} {Currency}' -Channel $args[1] -Force
            $section = @{ type = 'section'; text = @{ type = 'mrkdwn'; text = 'Big one: {Name} ({CustomerName})' } }
            $o | Send-SlackOrderAlert -Template @($section) -Channel $args[2] -Force
            """, order, _fx.Tenant.ChannelIds[1], _fx.Tenant.ChannelIds[2]);
        Assert.Empty(result.Errors);
        Assert.Equal("*#1001* for 1250", _fx.Emulator.Messages(_fx.Tenant.ChannelId).Single().Text);
        Assert.Equal("#1001 from &lt;!here&gt;: 1,250.00 USD", _fx.Emulator.Messages(_fx.Tenant.ChannelIds[1]).Single().Text);
        var third = _fx.Emulator.Messages(_fx.Tenant.ChannelIds[2]).Single();
        Assert.Equal("Big one: #1001 (&lt;!here&gt;)", (string?)third.Blocks![0]!["text"]!["text"]);
    }

    [Fact]
    public void A_template_that_fails_for_one_order_is_that_orders_error()
    {
        var result = _fx.Host.Invoke("""
            $args | Send-SlackOrderAlert -Template { if ($_.Name -eq '#2') { throw 'no template for #2' }; "Order $($_.Name)" }
            """, Orders.Sample(name: "#1", number: 1), Orders.Sample(name: "#2", number: 2), Orders.Sample(name: "#3", number: 3));
        var error = Assert.Single(result.Errors);
        Assert.Equal("SlackTemplateInvalid", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("no template for #2", error.Exception.Message);
        Assert.Equal(2, _fx.Emulator.Messages(_fx.Tenant.ChannelId).Count);
    }

    [Fact]
    public void A_bad_placeholder_stops_before_anything_is_sent()
    {
        var result = _fx.Host.Invoke("$args[0] | Send-SlackOrderAlert -Template '{Nope}'", Orders.Sample());
        var error = Assert.Single(result.Errors);
        Assert.Equal("SlackTemplateInvalid", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("Nope", error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Empty(_fx.Emulator.State.Slack.AllMessages());
    }

    [Fact]
    public void ConvertTo_gives_a_typed_message_that_Send_SlackMessage_posts()
    {
        var result = _fx.Host.Invoke("$args[0] | ConvertTo-SlackOrderMessage -WithAcknowledgeButton | Send-SlackMessage", Orders.Sample());
        Assert.Empty(result.Errors);
        var posted = Base<SlackPostResult>(Assert.Single(result.Output));
        Assert.Equal("AlloyShopifySlack.SlackPostResult", result.Output[0].TypeNames[0]);
        var message = Assert.Single(_fx.Emulator.Messages(_fx.Tenant.ChannelId));
        Assert.Equal(posted.Ts, message.Ts);
        Assert.Equal("shopify_order_alert", (string?)message.Metadata!["event_type"]);

        var converted = _fx.Host.Invoke("$args[0] | ConvertTo-SlackOrderMessage", Orders.Sample());
        Assert.Equal("AlloyShopifySlack.SlackMessage", Assert.Single(converted.Output).TypeNames[0]);
    }

    [Fact]
    public void Send_SlackMessage_posts_text_and_blocks_and_honours_WhatIf()
    {
        var result = _fx.Host.Invoke("""
            $long = @{ type = 'section'; text = @{ type = 'mrkdwn'; text = ('x' * 3500) } }
            Send-SlackMessage -Text 'Deploy <!here>' -Blocks $long -WarningVariable w
            Send-SlackMessage -Text 'not sent' -WhatIf
            $w.Count
            """);
        Assert.Empty(result.Errors);
        var message = Assert.Single(_fx.Emulator.Messages(_fx.Tenant.ChannelId));
        Assert.Equal("Deploy <!here>", message.Text); // the user's own mrkdwn goes as written
        Assert.Equal(3000, ((string?)message.Blocks![0]!["text"]!["text"])!.Length);
        Assert.Equal(1, (int)result.Output.Last().BaseObject);
    }

    [Fact]
    public void Test_SlackConnection_reports_the_workspace_and_a_channel_the_app_is_not_in()
    {
        var ok = Base<SlackConnectionTestResult>(Assert.Single(_fx.Host.Invoke("Test-SlackConnection -Channel $args[0]",
            _fx.Tenant.ChannelId).Output));
        Assert.True(ok.Connected);
        Assert.Equal(_fx.Emulator.State.Slack.Identity.Team, ok.Team);
        Assert.True(ok.ChannelIsMember);

        var notIn = Base<SlackConnectionTestResult>(Assert.Single(_fx.Host.Invoke("Test-SlackConnection -Channel $args[0]",
            _fx.Tenant.NotMemberChannelId).Output));
        Assert.False(notIn.Connected);
        Assert.Contains("/invite", notIn.Remedy);

        var badCredential = Base<SlackConnectionTestResult>(Assert.Single(
            _fx.Host.Invoke("Test-SlackConnection -CredentialId 0123456789abcdef01234567").Output));
        Assert.False(badCredential.Connected);
        Assert.False(string.IsNullOrEmpty(badCredential.Error));
    }

    [Fact]
    public void No_channel_anywhere_is_one_clear_error()
    {
        using var host = new Infrastructure.PowerShellHost();
        var result = host.Invoke("$args[0] | Send-SlackOrderAlert -Connection (Connect-Alloy -ApiKey k -BaseUri $args[1] -NoSession " +
            "-SkipCheck)", Orders.Sample(), _fx.Emulator.BaseUri);
        var error = Assert.Single(result.Errors);
        Assert.Equal("MissingSetting_SLACK_CHANNEL_ID", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("SLACK_CHANNEL_ID", error.Exception.Message);
    }

    private static System.Collections.Hashtable ToHashtable(object value)
    {
        var table = new System.Collections.Hashtable();
        foreach (var property in value.GetType().GetProperties()) table[property.Name] = property.GetValue(value);
        return table;
    }
}
