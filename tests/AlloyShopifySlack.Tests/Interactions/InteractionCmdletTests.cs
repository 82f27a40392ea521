using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using AlloyShopifySlack.Cmdlets.Slack;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Slack;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Slack.Interactions;
using AlloyShopifySlack.Tests.Infrastructure;

namespace AlloyShopifySlack.Tests.Interactions;

/// <summary>Start-SlackInteractionListener and Add-GoogleSheetsOrderRow hosted in a runspace, against the emulator.</summary>
public sealed class InteractionCmdletTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string Secret = "cmdlet-signing-secret-93f2aa71";
    private EmulatorServer _emulator = null!;
    private PowerShellHost _host = null!;
    private readonly string _statePath = Path.Combine(Path.GetTempPath(), "alloyps-listener-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OrderCount = 10 });
        _host = new PowerShellHost();
        var connect = _host.Invoke("$global:c = Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2] -NoSession",
            _emulator.ApiKey, _emulator.BaseUri, _emulator.Tenant.UserId);
        Assert.Null(connect.Terminating);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _emulator.DisposeAsync();
        if (Directory.Exists(_statePath)) Directory.Delete(_statePath, recursive: true);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task WaitForListener(int port)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                return;
            }
            catch (SocketException) { await Task.Delay(20, timeout.Token); }
        }
    }

    private string PostAlert()
    {
        var order = _emulator.State.Shopify.Orders[0];
        var result = _host.Invoke(@"
            $blocks = @(
                @{ type = 'section'; block_id = 'order_summary'; fields = @(@{ type = 'mrkdwn'; text = ""*Customer:*`n$($args[2])"" }) },
                @{ type = 'actions'; block_id = 'order_actions'; elements = @(@{ type = 'button'; action_id = 'acknowledge_order'
                    value = ""$($args[0])|$($args[1])""; text = @{ type = 'plain_text'; text = 'Acknowledge' } }) }
            ) | ConvertTo-Json -Depth 10 -Compress
            $body = @{ channel = $args[3]; text = ""Order $($args[0])""; blocks = $blocks } | ConvertTo-Json -Compress
            Invoke-RestMethod -Method Post -Uri ($args[4] + 'connectors/slack/actions/chat_postMessage/execute') `
                -ContentType 'application/json' `
                -Headers @{ Authorization = 'Bearer ' + $args[5]; 'x-api-version' = '2025-09'; 'x-alloy-userid' = $args[6] } `
                -Body (@{ credentialId = $args[7]; requestBody = ($body | ConvertFrom-Json) } | ConvertTo-Json -Depth 20 -Compress)",
            order.Name, order.Id, order.Customer?.DisplayName ?? "Guest", _emulator.Tenant.ChannelId, _emulator.BaseUri.ToString(),
                _emulator.ApiKey,
            _emulator.Tenant.UserId, _emulator.Tenant.SlackCredentialId);
        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        return _emulator.Messages(_emulator.Tenant.ChannelId).Single().Ts;
    }

    [Fact]
    public async Task The_listener_cmdlet_acknowledges_a_click_refuses_a_forgery_and_never_shows_the_secret()
    {
        var ts = PostAlert();
        var tenant = _emulator.Tenant;
        var port = FreePort();
        var run = Task.Run(() => _host.Invoke(@"
            Start-SlackInteractionListener -Connection $c -Port $args[0] -SigningSecret $args[1] -SlackCredentialId $args[2] `
                -LogToGoogleSheet -SpreadsheetId $args[3] -GoogleSheetsCredentialId $args[4] `
                -TagOrders acknowledged -ShopifyCredentialId $args[5] -MaxRequests 2 -StatePath $args[6] -Verbose",
            port, Secret, tenant.SlackCredentialId, tenant.SpreadsheetId, tenant.GoogleSheetsCredentialId,
                tenant.ShopifyCredentialId, _statePath));
        await WaitForListener(port);
        var url = $"http://127.0.0.1:{port}/slack/interactions";

        var forged = await _emulator.ClickAsync(new ClickRequest { Channel = tenant.ChannelId, Ts = ts, ActionId = "acknowledge_order",
            TargetUrl = url, SigningSecret = "not-" + Secret });
        var genuine = await _emulator.ClickAsync(new ClickRequest { Channel = tenant.ChannelId, Ts = ts, ActionId = "acknowledge_order",
            TargetUrl = url, SigningSecret = Secret, UserName = "ops.lead" });
        var result = await run.WaitAsync(Patience);

        Assert.Equal(401, forged.StatusCode);
        Assert.Equal(200, genuine.StatusCode);
        Assert.Null(result.Terminating);
        var output = Assert.Single(result.Output);
        Assert.Equal(SlackInteraction.TypeName, output.TypeNames[0]);
        var interaction = (SlackInteraction)output.BaseObject;
        Assert.Equal(InteractionStatus.Acknowledged, interaction.Status);
        Assert.Equal(_emulator.State.Shopify.Orders[0].Name, interaction.OrderName);
        Assert.Contains(result.Warnings, w => w.Contains("401") && w.Contains("signature"));
        Assert.Contains(result.Verbose, v => v.Contains($"127.0.0.1:{port}/slack/interactions"));
        Assert.DoesNotContain(Secret, result.AllText());

        var row = Assert.Single(_emulator.State.Sheets.Rows(tenant.SpreadsheetId));
        Assert.Equal("ops.lead", row[3]);
        Assert.Equal(_emulator.State.Shopify.Orders[0].Customer?.DisplayName ?? "Guest", row[2]);
        Assert.Contains("acknowledged", _emulator.State.Shopify.Orders[0].Tags);
    }

    [Fact]
    public async Task The_listener_keeps_its_replay_cache_in_the_state_folder_and_warns_when_bound_beyond_loopback()
    {
        var result = await Task.Run(() => _host.Invoke(
            "Start-SlackInteractionListener -Connection $c -Port 0 -BindAddress 0.0.0.0 -SigningSecret $args[0] -SlackCredentialId x " +
                "-StatePath $args[1] -TimeoutSeconds 1",
            Secret, _statePath)).WaitAsync(Patience);

        Assert.Null(result.Terminating);
        Assert.Contains(result.Warnings, w => w.Contains("beyond loopback"));
        Assert.True(File.Exists(Path.Combine(_statePath, "slack-replay-cache.txt")));
    }

    [Fact]
    public async Task Stopping_the_pipeline_like_Ctrl_C_ends_the_listener_and_frees_its_port()
    {
        var state = System.Management.Automation.Runspaces.InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(StartSlackInteractionListenerCommand).Assembly.Location);
        using var shell = PowerShell.Create(state);
        var port = FreePort();
        shell.AddCommand("Start-SlackInteractionListener").AddParameter("Port", port).AddParameter("SigningSecret", Secret)
            .AddParameter("SlackCredentialId", "x").AddParameter("StatePath", _statePath).AddParameter("Connection",
                _host.Invoke("$c").Output.Single().BaseObject);
        var running = shell.BeginInvoke();
        await WaitForListener(port);

        await Task.Factory.FromAsync(shell.BeginStop(null, null), shell.EndStop).WaitAsync(Patience);

        Assert.True(running.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        using var probe = new TcpListener(IPAddress.Loopback, port);
        probe.Start(); // the port is free again
        probe.Stop();
    }

    [Fact]
    public void Without_a_signing_secret_the_listener_does_not_start()
    {
        var result = _host.Invoke("$env:SLACK_SIGNING_SECRET = $null; Start-SlackInteractionListener -Connection $c -Port 0 " +
            "-SlackCredentialId x -MaxRequests 1");
        Assert.StartsWith("MissingSetting_SLACK_SIGNING_SECRET,", StoppingError(result).FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }

    /// <summary>A cmdlet's terminating error inside a script ends its statement and lands in the error stream.</summary>
    private static ErrorRecord StoppingError(HostedResult result) =>
        result.Terminating is IContainsErrorRecord container ? container.ErrorRecord : Assert.Single(result.Errors);

    [Fact]
    public void WhatIf_says_where_it_would_listen_and_does_not()
    {
        var result = _host.Invoke("Start-SlackInteractionListener -Connection $c -Port 0 -SigningSecret s3cr3t " +
            "-SlackCredentialId x -WhatIf");
        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void A_bad_bind_address_is_one_clear_error()
    {
        var result = _host.Invoke("Start-SlackInteractionListener -Connection $c -BindAddress 'not an address' -SigningSecret s3cr3t " +
            "-SlackCredentialId x");
        Assert.StartsWith("InvalidBindAddress,", StoppingError(result).FullyQualifiedErrorId);
    }

    [Fact]
    public void Add_GoogleSheetsOrderRow_appends_each_order_and_reports_a_bad_one_without_stopping()
    {
        var tenant = _emulator.Tenant;
        var result = _host.Invoke(@"
            @{ Name = '#1001'; Total = 1250.5; CustomerName = 'Jane Doe' },
            [pscustomobject]@{ Total = 10 },
            [pscustomobject]@{ OrderName = '#1002'; Total = '99.90'; Customer = 'Joe' } |
                Add-GoogleSheetsOrderRow -Connection $c -SpreadsheetId $args[0] -CredentialId $args[1] -AcknowledgedBy ops `
                    -Time ([DateTimeOffset]'2024-01-15T10:00:00Z')",
            tenant.SpreadsheetId, tenant.GoogleSheetsCredentialId);

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal(OrderLogRow.TypeName, o.TypeNames[0]));
        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidOrderForSheet,AlloyShopifySlack.Cmdlets.GoogleSheets.AddGoogleSheetsOrderRowCommand",
            error.FullyQualifiedErrorId);
        var rows = _emulator.State.Sheets.Rows(tenant.SpreadsheetId);
        Assert.Equal(2, rows.Count);
        Assert.Equal(new[] { "#1001", "1250.5", "Jane Doe", "ops", "2024-01-15T10:00:00Z" }, rows[0]);
        Assert.Equal(new[] { "#1002", "99.90", "Joe", "ops", "2024-01-15T10:00:00Z" }, rows[1]);
        Assert.Equal("Sheet1!A2:E2", ((OrderLogRow)result.Output[1].BaseObject).UpdatedRange);
    }

    [Fact]
    public void Add_GoogleSheetsOrderRow_WhatIf_appends_nothing()
    {
        var result = _host.Invoke("@{ Name = '#1001'; Total = 1 } | Add-GoogleSheetsOrderRow -Connection $c -SpreadsheetId $args[0] " +
            "-CredentialId x -WhatIf",
            _emulator.Tenant.SpreadsheetId);
        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        Assert.Empty(_emulator.State.Sheets.Rows(_emulator.Tenant.SpreadsheetId));
    }
}
