using System.Management.Automation;
using AlloyShopifySlack.Tests.Sync.Crash;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>Invoke-OrderSync, New-OrderRoute and Get-OrderSyncState hosted in a runspace against the in-process emulator.</summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class InvokeOrderSyncCmdletTests : OrderSyncCmdletTestBase
{
    [Fact]
    public void A_run_writes_one_typed_result_and_the_guide_sections_as_host_information()
    {
        _census.Add(3, 800m);
        _census.Add(2, 100m);
        var run = Sync();

        Assert.Empty(run.Errors);
        var result = Assert.Single(run.Output);
        Assert.Equal("AlloyShopifySlack.OrderSyncResult", result.TypeNames[0]);
        Assert.Equal(5, result.Properties["OrdersFetched"].Value);
        Assert.Equal(3, result.Properties["HighValueOrders"].Value);
        Assert.Equal(3, result.Properties["MessagesSent"].Value);
        Assert.Equal(500m, result.Properties["Threshold"].Value);
        var text = string.Join("\n", run.Information);
        foreach (var section in new[] { "Step 1: Verify Credentials", "Step 2: Fetch Shopify Orders", "Step 3: Notify Slack", "Run Summary",
            "Slack messages sent     : 3" })
            Assert.Contains(section, text);
        Assert.DoesNotContain(_emulator.ApiKey, run.AllText());
        Assert.Equal("ok", _census.Verdict());

        var quiet = Sync("-Quiet");
        Assert.Empty(quiet.Information);
        Assert.Equal(0, quiet.Output.Single().Properties["MessagesSent"].Value);
    }

    [Fact]
    public void The_sections_are_host_messages_so_a_console_shows_them()
    {
        _census.Add(1, 800m);
        var records = _host.Invoke("Invoke-OrderSync @p -InformationVariable iv | Out-Null; $iv");
        Assert.NotEmpty(records.Output);
        Assert.All(records.Output, r => Assert.Contains("PSHOST", ((InformationRecord)r.BaseObject).Tags));
    }

    [Fact]
    public void WhatIf_lists_each_order_and_posts_and_records_nothing()
    {
        _census.Add(2, 800m);
        _census.Add(1, 15000m);
        _census.Add(1, 100m);
        var plan = Sync("-WhatIf -Route (New-OrderRoute -MinimumTotal 10000 -Channel C0VIPORDERS)");

        Assert.Empty(plan.Errors);
        Assert.Equal(4, plan.Output.Count);
        Assert.All(plan.Output, o => Assert.Equal("AlloyShopifySlack.OrderSyncPlanItem", o.TypeNames[0]));
        var actions = plan.Output.Select(o => $"{o.Properties["Action"].Value} {o.Properties["Channel"].Value}").OrderBy(a => a).ToList();
        Assert.Equal(new[] { "BelowThreshold ", "Send C0ALERTS001", "Send C0ALERTS001", "Send C0VIPORDERS" }, actions);
        Assert.Equal(0, _census.MessageCount);
        Assert.False(Directory.Exists(_state) && Directory.EnumerateFiles(_state, "*.journal").Any(f => new FileInfo(f).Length > 0));
    }

    [Fact]
    public void A_missing_setting_is_one_clear_error_and_nothing_is_posted()
    {
        _census.Add(1, 800m);
        var run = _host.Invoke("Invoke-OrderSync -Connection $c -StatePath $p.StatePath -SlackCredentialId x -Channel C0ALERTS001");
        Assert.Empty(run.Errors);
        var error = run.TerminatingError!;
        Assert.StartsWith("OrderSyncNotConfigured", error.FullyQualifiedErrorId);
        Assert.Contains("SHOPIFY_CREDENTIAL_ID", error.ToString());
        Assert.Equal(0, _census.MessageCount);
    }

    [Fact]
    public void An_unreadable_state_file_stops_the_run_with_an_error_naming_it()
    {
        _census.Add(1, 800m);
        Sync();
        var snapshot = Directory.GetFiles(_state, "*.journal").Single();
        File.WriteAllText(snapshot, "garbage\n{\"seq\": 1}\n" + File.ReadAllText(snapshot));
        _census.Add(1, 900m);

        var run = Sync();
        var error = run.TerminatingError!;
        Assert.StartsWith("OrderSyncStateUnreadable", error.FullyQualifiedErrorId);
        Assert.Contains(snapshot, error.ToString());
        Assert.Equal(1, _census.MessageCount);
    }

    [Fact]
    public void The_log_has_a_json_line_per_alert_and_per_run_and_no_secret()
    {
        _census.Add(2, 800m);
        var log = Path.Combine(_host.WorkingDirectory, "logs", "sync.jsonl");
        Sync("-LogPath '" + log + "'");
        Sync("-LogPath '" + log + "'");

        var lines = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(new[] { "alert", "alert", "run", "run" }, lines.Select(l => l.GetProperty("event").GetString()));
        Assert.All(lines.Take(2), l => Assert.Equal("Sent", l.GetProperty("status").GetString()));
        Assert.Equal(2, lines[2].GetProperty("messagesSent").GetInt32());
        Assert.Equal(2, lines[3].GetProperty("duplicatesSkipped").GetInt32());
        var text = File.ReadAllText(log);
        Assert.DoesNotContain(_emulator.ApiKey, text);
        Assert.DoesNotContain("@", text); // no customer e-mail
    }

    [Fact]
    public void Acknowledge_buttons_tags_and_sheet_rows_come_once_per_alerted_order()
    {
        _census.Add(2, 800m);
        var tenant = _emulator.Tenant;
        var extra = $"-WithAcknowledgeButton -TagOrders alerted -LogToGoogleSheet -SpreadsheetId {tenant.SpreadsheetId}";
        _host.Invoke("$env:GOOGLE_SHEETS_CREDENTIAL_ID = $args[0]", tenant.GoogleSheetsCredentialId);
        try
        {
            Assert.Empty(Sync(extra).Errors);
            Assert.Empty(Sync(extra).Errors);
        }
        finally
        {
            _host.Invoke("Remove-Item env:GOOGLE_SHEETS_CREDENTIAL_ID");
        }

        var messages = _emulator.State.Slack.AllMessages();
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Contains("acknowledge_order", m.Blocks!.ToJsonString()));
        Assert.All(_emulator.State.Shopify.Orders, o => Assert.Contains("alerted", o.Tags));
        Assert.Equal(2, _emulator.State.Sheets.Rows(tenant.SpreadsheetId).Count);
    }

    [Fact]
    public void Continuous_mode_runs_the_given_number_of_rounds()
    {
        _census.Add(1, 800m);
        var run = Sync("-Continuous -MaxIterations 2 -IntervalSeconds 0 -Quiet");
        Assert.Equal(2, run.Output.Count);
        Assert.Equal(new object[] { 1, 0 }, run.Output.Select(o => o.Properties["MessagesSent"].Value));
    }

    [Fact]
    public void Get_OrderSyncState_shows_the_checkpoint_counts_and_entries()
    {
        _census.Add(3, 800m);
        Sync();
        var tenant = _emulator.Tenant;
        var state = _host.Invoke("Get-OrderSyncState -StatePath $args[0] -UserId $args[1] -ShopifyCredentialId $args[2]", _state,
            tenant.UserId, tenant.ShopifyCredentialId);
        var summary = Assert.Single(state.Output);
        Assert.Equal("AlloyShopifySlack.OrderSyncState", summary.TypeNames[0]);
        Assert.Equal(3, summary.Properties["Sent"].Value);
        Assert.NotNull(summary.Properties["Checkpoint"].Value);

        var entries = _host.Invoke("Get-OrderSyncState -StatePath $args[0] -All -Entries", _state);
        Assert.Equal(3, entries.Output.Count);
        Assert.All(entries.Output, e => Assert.Equal("AlloyShopifySlack.OrderSyncEntry", e.TypeNames[0]));
    }

    [Fact]
    public void A_channel_name_instead_of_an_id_is_warned_about()
    {
        var run = _host.Invoke("$q = $p.Clone(); $q.Channel = '#order-alerts'; Invoke-OrderSync @q -WhatIf");
        Assert.Contains(run.Warnings, w => w.Contains("'#order-alerts' does not look like a Slack channel id"));
    }

    [Fact]
    public void New_OrderRoute_makes_a_typed_rule_and_refuses_a_missing_channel()
    {
        var route = _host.Invoke("New-OrderRoute -MinimumTotal 10000 -Channel C_VIP");
        Assert.Equal("AlloyShopifySlack.OrderRoute", route.Output.Single().TypeNames[0]);
        Assert.Equal(10000m, route.Output.Single().Properties["MinimumTotal"].Value);
        var refused = _host.Invoke("New-OrderRoute -MinimumTotal 1 -Channel ''");
        Assert.Contains(refused.Errors, e => e.FullyQualifiedErrorId.StartsWith("ParameterArgumentValidationError",
            StringComparison.Ordinal));
        Assert.Empty(refused.Output);
    }
}
