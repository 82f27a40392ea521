BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'AlloyShopifySlack.psd1') -Force
    Import-Module (Join-Path $root 'tools/Emulator.psm1') -Force

    function Get-PostCalls($Emulator) {
        $total = 0
        foreach ($property in (Get-AlloyEmulatorStats -Emulator $Emulator).requests.PSObject.Properties) {
            if ($property.Name -match '(^|/)chat_postMessage$' -and $property.Name -notmatch ' ') { $total += [int]$property.Value }
        }
        $total
    }

    # The limits as Slack would check them, on a message the emulator stored.
    function Get-BlockKitProblems($Message) {
        $json = ConvertTo-Json -InputObject @($Message.blocks) -Depth 20 -Compress
        [AlloyShopifySlack.Slack.BlockKitLimits]::Validate([System.Text.Json.Nodes.JsonNode]::Parse($json))
    }
}

Describe 'The Slack cmdlets against the emulator' {
    BeforeAll {
        $script:emu = Start-AlloyEmulator -OrderCount 400 -NoThrottling -NoSlackRateLimit
        # A connection made from a .env file, handed to every cmdlet by default: the session and the environment stay untouched.
        $script:envFile = Join-Path ([System.IO.Path]::GetTempPath()) "slack-pester-$PID.env"
        (Get-AlloyEmulatorEnvironment -Emulator $emu).GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" } | Set-Content -Path $envFile
        $script:conn = Connect-Alloy -EnvFile $envFile -NoSession
        $PSDefaultParameterValues['*:Connection'] = $conn
        $script:since = (Get-Date).AddDays(-30)
    }
    AfterAll {
        $PSDefaultParameterValues.Remove('*:Connection')
        $PSDefaultParameterValues.Remove('Send-SlackOrderAlert:StatePath')
        $script:emu | Stop-AlloyEmulator
        Remove-Item -LiteralPath $script:envFile -ErrorAction SilentlyContinue
    }
    BeforeEach {
        Reset-AlloyEmulator -Emulator $emu
        # Send-SlackOrderAlert records in (and skips by) the sync state: each test starts with a fresh one.
        $PSDefaultParameterValues['Send-SlackOrderAlert:StatePath'] = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        Set-AlloyEmulatorConfig @{ slackRateLimit = $false; shopifyThrottling = $false } -Emulator $emu | Out-Null
    }

    It 'alerts exactly the qualifying orders of a multi-page store, once each, escaped, within the limits' {
        # The canonical line (Tee-Object keeps what was fetched); only the pacing is relaxed, as the emulator's limit
        # is off here and one message a second would take minutes.
        $results = @(Get-ShopifyOrder -CreatedAfter $since -PageSize 100 | Tee-Object -Variable all | Where-Object Total -ge 500 |
                Send-SlackOrderAlert -ChannelRate 1000 -ChannelBurst 1000 -ErrorVariable failures)
        $expected = @($all | Where-Object Total -ge 500)
        $all.Count | Should -Be 400
        @($all.Id | Sort-Object -Unique).Count | Should -Be 400
        $expected.Count | Should -BeGreaterThan 0

        $failures.Count | Should -Be 0
        $results.Count | Should -Be $expected.Count
        @($results | Where-Object Status -ne 'Sent').Count | Should -Be 0
        $messages = @(Get-AlloyEmulatorMessages -Channel $emu.ChannelId -Emulator $emu)
        $messages.Count | Should -Be $expected.Count
        $alerted = @($messages | ForEach-Object { $_.metadata.event_payload.order_id })
        @($alerted | Sort-Object -Unique).Count | Should -Be $expected.Count
        (Compare-Object ($expected.Id | Sort-Object) ($alerted | Sort-Object)) | Should -BeNullOrEmpty
        # One assertion per property over all messages (Should per message would dominate the run time).
        @($messages | Where-Object { [string]::IsNullOrWhiteSpace($_.text) }).Count | Should -Be 0
        $pings = @($messages | Where-Object { $_.text -match '<!(channel|here|everyone)|<https://evil' -or (ConvertTo-Json -InputObject @($_.blocks) -Depth 20) -match '<!(channel|here|everyone)|<https://evil' })
        $pings.Count | Should -Be 0
        @($messages | ForEach-Object { Get-BlockKitProblems $_ }) | Should -BeNullOrEmpty
        $guest = $expected | Where-Object { -not $_.CustomerName } | Select-Object -First 1
        $guest | Should -Not -BeNullOrEmpty
        ($messages | Where-Object { $_.metadata.event_payload.order_id -eq $guest.Id }).text | Should -Match 'from Guest$'
    }

    It 'sends nothing with -WhatIf' {
        $orders = @(Get-ShopifyOrder -CreatedAfter $since -Limit 5)
        $results = @($orders | Send-SlackOrderAlert -WhatIf)
        @($results | Where-Object Status -eq 'WhatIf').Count | Should -Be 5
        @(Get-AlloyEmulatorMessages -Emulator $emu).Count | Should -Be 0
        (Get-PostCalls $emu) | Should -Be 0
    }

    It 'reports a refused order with Slack''s code and remedy while the rest go on' {
        $orders = 1..4 | ForEach-Object {
            [pscustomobject]@{ Id = "gid://shopify/Order/$_"; Name = "#$_"; Total = 600 + $_; Currency = 'USD'; CustomerName = 'Pat'
                Channel = if ($_ -eq 2) { $emu.NotMemberChannelId } else { $emu.ChannelId } }
        }
        $results = @($orders | Send-SlackOrderAlert -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures.Count | Should -Be 1
        $failures[0].Exception.Code | Should -Be 'not_in_channel'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match '/invite'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'SlackError,*'
        ($results | Where-Object OrderName -eq '#2').Status | Should -Be 'Failed'
        @($results | Where-Object Status -eq 'Sent').Count | Should -Be 3
        @(Get-AlloyEmulatorMessages -Channel $emu.ChannelId -Emulator $emu).Count | Should -Be 3
    }

    It 'learns the emulator''s real limit from one 429 and sends every alert once, in order' {
        Set-AlloyEmulatorConfig @{ slackRateLimit = $true; slackMessagesPerSecond = 1; slackBurst = 5 } -Emulator $emu | Out-Null
        $orders = 1..7 | ForEach-Object { [pscustomobject]@{ Id = "gid://shopify/Order/$_"; Name = "#$_"; Total = 700; Currency = 'USD' } }
        $results = @($orders | Send-SlackOrderAlert)
        @($results | Where-Object Status -eq 'Sent').Count | Should -Be 7
        $messages = @(Get-AlloyEmulatorMessages -Channel $emu.ChannelId -Emulator $emu)
        ($messages.metadata.event_payload.order_name) -join ',' | Should -Be '#1,#2,#3,#4,#5,#6,#7'
        (Get-PostCalls $emu) | Should -Be 8   # the burst of 5, the 6th refused once and sent again after Slack's wait, the 7th paced

        # With a ceiling of one's own a little under the limit (another channel: its own bucket, nothing learned yet): no 429.
        $before = Get-PostCalls $emu
        $paced = @($orders | Send-SlackOrderAlert -Channel $emu.ChannelIds[1] -ChannelRate 0.9 -ChannelBurst 5 -Force)   # the same orders again
        @($paced | Where-Object Status -eq 'Sent').Count | Should -Be 7
        (Get-PostCalls $emu) - $before | Should -Be 7
    }

    It 'shows results as a table' {
        $text = [pscustomobject]@{ Id = 'gid://shopify/Order/9'; Name = '#9'; Total = 900; Currency = 'USD' } |
            Send-SlackOrderAlert -WhatIf | Format-Table | Out-String -Width 200
        $text | Should -Match 'OrderName\s+Total\s+Currency\s+Channel\s+Status\s+Ts\s+Error'
        $text | Should -Match '#9\s+900\.00\s+USD'
    }

    It 'converts, then posts with Send-SlackMessage' {
        $message = Get-ShopifyOrder -CreatedAfter $since -Limit 1 | ConvertTo-SlackOrderMessage -WithAcknowledgeButton
        $message.PSObject.TypeNames[0] | Should -Be 'AlloyShopifySlack.SlackMessage'
        $message.BlocksJson | Should -Match '"action_id":"acknowledge_order"'
        $posted = $message | Send-SlackMessage
        $posted.Ts | Should -Not -BeNullOrEmpty
        (Get-AlloyEmulatorMessages -Channel $emu.ChannelId -Emulator $emu).ts | Should -Be $posted.Ts
    }

    It 'tests the connection and a channel' {
        (Test-SlackConnection).Connected | Should -BeTrue
        $notIn = Test-SlackConnection -Channel $emu.NotMemberChannelId
        $notIn.Connected | Should -BeFalse
        $notIn.Remedy | Should -Match '/invite'
    }
}
