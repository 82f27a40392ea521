# Start-SlackInteractionListener and Add-GoogleSheetsOrderRow as users load them, against the emulator in a child process.
BeforeDiscovery {
    $script:emulatorModule = Join-Path $PSScriptRoot '../../tools/Emulator.psm1'
    $script:noEmulator = -not (Test-Path $emulatorModule)
}

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $manifest = Join-Path $root 'AlloyShopifySlack.psd1'
    Import-Module $manifest -Force
    $emulatorModule = Join-Path $root 'tools/Emulator.psm1'
    if (Test-Path $emulatorModule) {
        Import-Module $emulatorModule -Force
        $emu = Start-AlloyEmulator -OrderCount 10
        $connection = Connect-Alloy -ApiKey $emu.ApiKey -BaseUri $emu.BaseUri -UserId $emu.UserId -NoSession
    }
    $secret = 'pester-signing-secret-5d1e2b'

    function Get-FreePort {
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start()
        try { $probe.LocalEndpoint.Port } finally { $probe.Stop() }
    }

    function Wait-Port([int] $Port) {
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ([DateTime]::UtcNow -lt $deadline) {
            $client = [System.Net.Sockets.TcpClient]::new()
            try { $client.Connect('127.0.0.1', $Port); return } catch { Start-Sleep -Milliseconds 50 } finally { $client.Dispose() }
        }
        throw "Nothing listens on port $Port."
    }

    # The listener runs in a thread job (it holds its pipeline until it stops); the test clicks from here.
    function Start-ListenerJob([int] $Port, [int] $MaxRequests, [string[]] $Extra = @()) {
        Start-ThreadJob -ArgumentList $manifest, $connection, $Port, $secret, $emu, $MaxRequests, $Extra -ScriptBlock {
            param($manifest, $connection, $port, $secret, $emu, $maxRequests, $extra)
            Import-Module $manifest
            $parameters = @{
                Connection = $connection; Port = $port; SigningSecret = $secret; SlackCredentialId = $emu.SlackCredentialId
                MaxRequests = $maxRequests; TimeoutSeconds = 60
                StatePath = Join-Path ([IO.Path]::GetTempPath()) ('alloyps-listener-' + [guid]::NewGuid().ToString('n'))
            }
            if ($extra -contains 'Log') { $parameters += @{ LogToGoogleSheet = $true; SpreadsheetId = $emu.SpreadsheetId; GoogleSheetsCredentialId = $emu.GoogleSheetsCredentialId } }
            if ($extra -contains 'Tag') { $parameters += @{ TagOrders = 'acknowledged'; ShopifyCredentialId = $emu.ShopifyCredentialId } }
            Start-SlackInteractionListener @parameters -WarningVariable warnings -WarningAction SilentlyContinue
            $warnings | ForEach-Object { [pscustomobject]@{ Warning = "$_" } }
        }
    }

    # The issue's loop: a sync run posts the alert with the Acknowledge button (the biggest order, so exactly one).
    function Send-AlertBySync {
        $since = (Get-Date).AddDays(-30)
        $top = Get-ShopifyOrder -Connection $connection -CredentialId $emu.ShopifyCredentialId -CreatedAfter $since |
            Where-Object { -not $_.CancelledAt -and -not $_.Test } | Sort-Object Total -Descending | Select-Object -First 1
        $state = Join-Path ([IO.Path]::GetTempPath()) ('alloyps-sync-' + [guid]::NewGuid().ToString('n'))
        $sync = Invoke-OrderSync -Connection $connection -MinimumTotal $top.Total -Channel $emu.ChannelId -Since $since -StatePath $state `
            -WithAcknowledgeButton -ShopifyCredentialId $emu.ShopifyCredentialId -SlackCredentialId $emu.SlackCredentialId -Quiet
        $sync.MessagesSent | Should -Be 1
        $message = Get-AlloyEmulatorMessages -Channel $emu.ChannelId -Emulator $emu | Where-Object { $_.text -like "*$($top.Name)*" } | Select-Object -Last 1
        [pscustomobject]@{ Order = $top; Ts = $message.ts }
    }
}

AfterAll {
    if (Get-Command Stop-AlloyEmulator -ErrorAction SilentlyContinue) { $emu | Stop-AlloyEmulator }
}

Describe 'Start-SlackInteractionListener' -Skip:$noEmulator {
    It 'acknowledges a click on an alert a sync posted: message updated, one sheet row, the order tagged; a forged click changes nothing' {
        $alert = Send-AlertBySync
        $port = Get-FreePort
        $job = Start-ListenerJob -Port $port -MaxRequests 2 -Extra Log, Tag
        try {
            Wait-Port $port
            $url = "http://127.0.0.1:$port/slack/interactions"
            $forged = Invoke-AlloyEmulatorClick -Channel $emu.ChannelId -Ts $alert.Ts -TargetUrl $url -SigningSecret 'guessed' -Emulator $emu
            $genuine = Invoke-AlloyEmulatorClick -Channel $emu.ChannelId -Ts $alert.Ts -TargetUrl $url -SigningSecret $secret -UserId U0OPS0001 -UserName ops.lead -Emulator $emu
            $output = $job | Wait-Job -Timeout 60 | Receive-Job
        }
        finally { $job | Remove-Job -Force }

        $forged.status | Should -Be 401
        $genuine.status | Should -Be 200
        $interaction = @($output | Where-Object { $_.PSObject.TypeNames -contains 'Deserialized.AlloyShopifySlack.SlackInteraction' -or $_.PSObject.TypeNames -contains 'AlloyShopifySlack.SlackInteraction' })
        $interaction.Count | Should -Be 1
        "$($interaction[0].Status)" | Should -Be 'Acknowledged'
        $interaction[0].OrderName | Should -Be $alert.Order.Name
        @($output.Warning) -join "`n" | Should -Match '401'
        ($output | Out-String) | Should -Not -Match $secret

        $message = Get-AlloyEmulatorMessages -Channel $emu.ChannelId -Emulator $emu | Where-Object ts -eq $alert.Ts
        ($message.blocks | ConvertTo-Json -Depth 10) | Should -Match 'Claimed by <@U0OPS0001>'
        @(Get-AlloyEmulatorSheetRows -SpreadsheetId $emu.SpreadsheetId -Emulator $emu).Count | Should -Be 1
        $tagged = Get-ShopifyOrder -Connection $connection -CredentialId $emu.ShopifyCredentialId -CreatedAfter (Get-Date).AddDays(-30) | Where-Object Id -eq $alert.Order.Id
        $tagged.Tags | Should -Contain 'acknowledged'
    }

    It 'answers a request that is not a form with 400 and a GET with 405' {
        $port = Get-FreePort
        $job = Start-ListenerJob -Port $port -MaxRequests 2
        try {
            Wait-Port $port
            $url = "http://127.0.0.1:$port/slack/interactions"
            $body = '{"type":"block_actions"}'
            $timestamp = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds().ToString()
            $signature = [AlloyShopifySlack.Slack.Interactions.SlackSignatureVerifier]::ComputeSignature($secret, $timestamp, [Text.Encoding]::UTF8.GetBytes($body))
            $post = Invoke-WebRequest -Uri $url -Method Post -Body $body -ContentType 'application/json' -SkipHttpErrorCheck `
                -Headers @{ 'X-Slack-Request-Timestamp' = $timestamp; 'X-Slack-Signature' = $signature }
            $get = Invoke-WebRequest -Uri $url -SkipHttpErrorCheck
            $null = $job | Wait-Job -Timeout 60
        }
        finally { $job | Remove-Job -Force }
        $post.StatusCode | Should -Be 400
        $get.StatusCode | Should -Be 405
    }

    It 'returns at once without listening under -WhatIf' {
        $port = Get-FreePort
        $job = Start-ThreadJob -ArgumentList $manifest, $connection, $port, $secret -ScriptBlock {
            param($manifest, $connection, $port, $secret)
            Import-Module $manifest
            Start-SlackInteractionListener -Connection $connection -Port $port -SigningSecret $secret -SlackCredentialId x -WhatIf
        }
        try { $finished = $job | Wait-Job -Timeout 30 }
        finally { $job | Remove-Job -Force }
        $finished | Should -Not -BeNullOrEmpty -Because 'a listener that started would still be waiting for requests'
    }

    It 'fails with a clear error id when no signing secret is configured' {
        $saved = $env:SLACK_SIGNING_SECRET
        $env:SLACK_SIGNING_SECRET = $null
        try {
            { Start-SlackInteractionListener -Connection $connection -SlackCredentialId x -ErrorAction Stop } |
                Should -Throw -ErrorId 'MissingSetting_SLACK_SIGNING_SECRET,AlloyShopifySlack.Cmdlets.Slack.StartSlackInteractionListenerCommand'
        }
        finally { $env:SLACK_SIGNING_SECRET = $saved }
    }
}

Describe 'Add-GoogleSheetsOrderRow' -Skip:$noEmulator {
    It 'appends an order read from Shopify to the sheet' {
        $before = @(Get-AlloyEmulatorSheetRows -SpreadsheetId $emu.SpreadsheetId -Emulator $emu).Count
        $row = Get-ShopifyOrder -Connection $connection -CredentialId $emu.ShopifyCredentialId -Limit 1 |
            Add-GoogleSheetsOrderRow -Connection $connection -SpreadsheetId $emu.SpreadsheetId -CredentialId $emu.GoogleSheetsCredentialId -AcknowledgedBy ops
        $row.PSObject.TypeNames[0] | Should -Be 'AlloyShopifySlack.OrderLogRow'
        $row.UpdatedRange | Should -Not -BeNullOrEmpty
        @(Get-AlloyEmulatorSheetRows -SpreadsheetId $emu.SpreadsheetId -Emulator $emu).Count | Should -Be ($before + 1)
        ($row | Format-Table | Out-String) | Should -Match 'AcknowledgedBy'
    }

    It 'writes nothing with -WhatIf' {
        $before = @(Get-AlloyEmulatorSheetRows -SpreadsheetId $emu.SpreadsheetId -Emulator $emu).Count
        @{ Name = '#9'; Total = 1 } | Add-GoogleSheetsOrderRow -Connection $connection -SpreadsheetId $emu.SpreadsheetId -CredentialId $emu.GoogleSheetsCredentialId -WhatIf
        @(Get-AlloyEmulatorSheetRows -SpreadsheetId $emu.SpreadsheetId -Emulator $emu).Count | Should -Be $before
    }
}
