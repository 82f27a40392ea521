# Follow-ups and Test-OrderAlertCoverage as users load them: the built module against the emulator out of process.
BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'tools/Emulator.psm1') -Force
    Import-Module (Join-Path $root 'AlloyShopifySlack.psd1') -Force
    $script:emu = Start-AlloyEmulator -OrderCount 0 -NoSlackRateLimit -NoThrottling
    $connection = Connect-Alloy -ApiKey $emu.ApiKey -BaseUri $emu.BaseUri -UserId $emu.UserId -NoSession
    $script:sync = @{
        Connection = $connection; ShopifyCredentialId = $emu.ShopifyCredentialId; SlackCredentialId = $emu.SlackCredentialId; Channel = $emu.ChannelId
        StatePath = (Join-Path ([System.IO.Path]::GetTempPath()) ("alloy-pester-" + [guid]::NewGuid().ToString('N').Substring(0, 8)))
    }
    $orders = (Add-AlloyEmulatorOrder -Emulator $emu -Count 3 -Total 1200).orders
    $null = Invoke-OrderSync @sync -NoDigest -ChannelRate 200 -Quiet
    $script:cancelled = $orders[0].name
}

AfterAll {
    $emu | Stop-AlloyEmulator
    if (Test-Path $sync.StatePath) { Remove-Item $sync.StatePath -Recurse -Force }
}

Describe 'An order cancelled after its alert' {
    It 'changes the alert in place and adds one reply in its thread' {
        $null = Update-AlloyEmulatorOrder -Emulator $emu -Order $cancelled -Cancel
        $run = Invoke-OrderSync @sync -NoDigest -ChannelRate 200 -Quiet
        $run.FollowUps | Should -Be 1
        $run.AlertsUpdated | Should -Be 1
        $run.MessagesSent | Should -Be 0
        $messages = Get-AlloyEmulatorMessages -Emulator $emu
        $alert = $messages | Where-Object { (-not $_.thread_ts -or $_.thread_ts -eq $_.ts) -and $_.blocks[0].text.text -match 'Cancelled' }
        @($alert).Count | Should -Be 1
        $alert.reply_count | Should -Be 1
        @($messages | Where-Object { $_.thread_ts -and $_.thread_ts -ne $_.ts }).Count | Should -Be 1
        (Invoke-OrderSync @sync -NoDigest -Quiet).FollowUps | Should -Be 0
    }
}

Describe 'Test-OrderAlertCoverage' {
    It 'shows a table with the status of each order and a summary line' {
        $coverage = Test-OrderAlertCoverage @sync -Since (Get-Date).AddHours(-1) -IncludeCancelled -InformationVariable info
        @($coverage).Count | Should -Be 3
        $coverage.Status | Sort-Object -Unique | Should -Be 'Alerted'
        ($coverage | Where-Object OrderName -eq $cancelled).FollowUps | Should -Be 1
        "$info" | Should -Match '3 order\(s\) since .*: 3 alerted, 0 missing, 0 doubled, 0 pending, 0 failed\.'
        $table = $coverage | Format-Table | Out-String
        $table | Should -Match 'Order\s+Total\s+Status\s+Channel\s+ClaimedBy\s+Replies\s+Ts'
    }

    It 'writes a non-terminating OrderAlertMissing error for an alert someone deleted' {
        $alert = Get-AlloyEmulatorMessages -Emulator $emu | Where-Object { -not $_.thread_ts -or $_.thread_ts -eq $_.ts } | Select-Object -First 1
        Remove-AlloyEmulatorMessage -Emulator $emu -Channel $emu.ChannelId -Ts $alert.ts
        $coverage = Test-OrderAlertCoverage @sync -Since (Get-Date).AddHours(-1) -ErrorVariable problems -ErrorAction SilentlyContinue
        @($coverage).Count | Should -Be 3
        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'OrderAlertMissing*'
        { Test-OrderAlertCoverage @sync -Since (Get-Date).AddHours(-1) -ErrorAction Stop } | Should -Throw -ErrorId 'OrderAlertMissing*'
    }
}
