# Invoke-OrderSync as scheduled tasks and CI steps use it: the built module in a real pwsh process against the
# emulator running out of process (tools/Emulator.psm1).
BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $script:manifest = Join-Path $root 'AlloyShopifySlack.psd1'
    Import-Module (Join-Path $root 'tools/Emulator.psm1') -Force
    Import-Module $manifest -Force
    $script:emu = Start-AlloyEmulator -OrderCount 0 -NoSlackRateLimit -NoThrottling
    $script:environment = Get-AlloyEmulatorEnvironment -Emulator $emu

    # A qualifying order must be neither test nor cancelled (the sample store makes some of each at random).
    function Add-PlainOrder($Emulator, [int] $Count, [decimal] $Total, [Nullable[datetimeoffset]] $CreatedAt) {
        $body = @{ count = $Count; total = $Total; test = $false; cancelled = $false }
        if ($CreatedAt) { $body.createdAt = $CreatedAt.ToUniversalTime().ToString('o', [cultureinfo]::InvariantCulture) }
        $null = Invoke-RestMethod -Method Post -Uri "$($Emulator.BaseUri)/_emulator/shopify/orders" -Body ($body | ConvertTo-Json) -ContentType 'application/json'
    }

    # `pwsh -Command` as a scheduler runs it, with the settings in the environment; returns the exit code and output.
    function Invoke-ScheduledSync([string] $State, [string] $Extra = '', [hashtable] $Override = @{}) {
        $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$manifest'; Invoke-OrderSync -Quiet -ChannelRate 200 -StatePath '$State' $Extra | Out-Null"
        Invoke-Pwsh -Arguments @('-Command', $script) -Override $Override
    }

    # A job as users write it, with no $ErrorActionPreference: the sync, then a next step that must not run when the
    # sync could not do its job. As `pwsh -Command "..."` or as a `pwsh -File job.ps1`.
    function Invoke-SyncJob([ValidateSet('Command', 'File')] [string] $As, [string] $State, [string] $Extra = '', [hashtable] $Override = @{}) {
        $script = "Import-Module '$manifest'; Invoke-OrderSync -Quiet -ChannelRate 200 -StatePath '$State' $Extra | Out-Null; 'NEXT STEP RAN'"
        if ($As -eq 'Command') { return Invoke-Pwsh -Arguments @('-Command', $script) -Override $Override }
        $job = Join-Path $TestDrive ("job-" + [guid]::NewGuid().ToString('N').Substring(0, 6) + '.ps1')
        Set-Content -LiteralPath $job -Value ($script -replace '; ', [Environment]::NewLine)
        Invoke-Pwsh -Arguments @('-File', $job) -Override $Override
    }

    function Invoke-Pwsh([string[]] $Arguments, [hashtable] $Override = @{}) {
        $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in @('pwsh', '-NoProfile', '-NonInteractive') + $Arguments) { $info.ArgumentList.Add($a) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        $info.WorkingDirectory = $root
        $info.Environment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
        $info.Environment['NO_COLOR'] = '1'
        foreach ($key in $environment.Keys) { $info.Environment[$key] = [string]$environment[$key] }
        foreach ($key in $Override.Keys) { $info.Environment[$key] = [string]$Override[$key] }
        $process = [System.Diagnostics.Process]::Start($info)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(180000)) { $process.Kill($true); throw 'The scheduled sync did not finish.' }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result + $stderr.Result }
    }
}

AfterAll {
    $emu | Stop-AlloyEmulator
}

Describe 'Invoke-OrderSync as a scheduled task' {
    BeforeEach {
        $script:state = Join-Path ([System.IO.Path]::GetTempPath()) ("alloy-pester-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        Clear-AlloyEmulatorFault -Emulator $emu
    }
    AfterEach {
        if (Test-Path $state) { Remove-Item $state -Recurse -Force }
    }

    It 'exits 0 after alerting, and 0 again when there is nothing new' {
        Add-PlainOrder $emu -Count 2 -Total 900
        (Invoke-ScheduledSync $state).ExitCode | Should -Be 0
        (Invoke-ScheduledSync $state).ExitCode | Should -Be 0
    }

    It 'exits non-zero with $ErrorActionPreference = Stop when an alert fails' {
        Add-PlainOrder $emu -Count 1 -Total 900
        $null = Set-AlloyEmulatorFault -Emulator $emu -Kind SlackError -Action chat_postMessage -SlackError channel_not_found
        $run = Invoke-ScheduledSync $state
        $run.ExitCode | Should -Not -Be 0
        $run.Output | Should -Match 'channel_not_found'
        $run.Output | Should -Not -Match ([regex]::Escape($emu.ApiKey))
    }

    It 'exits non-zero when a setting is missing, naming it' {
        $run = Invoke-ScheduledSync $state -Override @{ SLACK_CREDENTIAL_ID = '' }
        $run.ExitCode | Should -Not -Be 0
        $run.Output | Should -Match 'SLACK_CREDENTIAL_ID'
    }
}

Describe 'The exit contract without $ErrorActionPreference (pwsh -Command and pwsh -File)' {
    BeforeEach {
        $script:state = Join-Path ([System.IO.Path]::GetTempPath()) ("alloy-pester-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        Clear-AlloyEmulatorFault -Emulator $emu
        $script:before = @(Get-AlloyEmulatorMessages -Emulator $emu).Count
    }
    AfterEach {
        if (Test-Path $state) { Remove-Item $state -Recurse -Force }
    }

    It 'a revoked key: exit 1 as pwsh -<_>, the next step does not run, the key is not shown' -ForEach @('Command', 'File') {
        Add-PlainOrder $emu -Count 1 -Total 900
        $run = Invoke-SyncJob -As $_ $state -Override @{ ALLOY_API_KEY = 'revoked-key-0000' }
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Not -Match 'NEXT STEP RAN'
        $run.Output | Should -Match 'Alloy refused the API key'
        $run.Output | Should -Not -Match 'revoked-key-0000'
    }

    It 'an unknown channel: exit 1 as pwsh -<_>, one clear error, nothing posted, nothing stored' -ForEach @('Command', 'File') {
        Add-PlainOrder $emu -Count 3 -Total 900
        $run = Invoke-SyncJob -As $_ $state -Override @{ SLACK_CHANNEL_ID = 'C0NOPE0000' }
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Not -Match 'NEXT STEP RAN'
        ([regex]::Matches($run.Output, 'C0NOPE0000 was not found')).Count | Should -Be 1
        @(Get-AlloyEmulatorMessages -Emulator $emu).Count | Should -Be $before
        Test-Path $state | Should -BeFalse
    }

    It 'Alloy unreachable: exit 1, the next step does not run' {
        $run = Invoke-SyncJob -As File $state -Override @{ ALLOY_BASE_URL = 'http://127.0.0.1:9' }
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Not -Match 'NEXT STEP RAN'
        $run.Output | Should -Match 'ALLOY_BASE_URL'
    }

    It 'an unreadable state: exit 1, naming the file' {
        Add-PlainOrder $emu -Count 1 -Total 900
        (Invoke-SyncJob -As File $state).ExitCode | Should -Be 0
        $journal = Get-ChildItem $state -Filter *.journal | Select-Object -First 1
        Set-Content -LiteralPath $journal.FullName -Value ("garbage`n{`"seq`": 1}`n" + (Get-Content -Raw $journal.FullName)) -NoNewline
        $run = Invoke-SyncJob -As File $state
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Not -Match 'NEXT STEP RAN'
        $run.Output | Should -Match ([regex]::Escape($journal.Name))
    }

    It 'another run holding the lock past -LockTimeoutSeconds: exit 1' {
        (Invoke-SyncJob -As File $state).ExitCode | Should -Be 0
        $lockPath = (Get-ChildItem $state -Filter *.journal | Select-Object -First 1).FullName -replace '\.journal$', '.lock'
        $held = [System.IO.File]::Open($lockPath, 'OpenOrCreate', 'ReadWrite', 'None')
        try { $run = Invoke-SyncJob -As Command $state -Extra '-LockTimeoutSeconds 1' }
        finally { $held.Dispose() }
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Not -Match 'NEXT STEP RAN'
        $run.Output | Should -Match 'Another Invoke-OrderSync run'
    }

    It 'an ambiguous ORDER_VALUE_THRESHOLD: exit 1, showing what was read' {
        Add-PlainOrder $emu -Count 1 -Total 900
        $run = Invoke-SyncJob -As File $state -Override @{ ORDER_VALUE_THRESHOLD = '500,50' }
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Match "ORDER_VALUE_THRESHOLD '500,50' is ambiguous"
        @(Get-AlloyEmulatorMessages -Emulator $emu).Count | Should -Be $before
    }

    It 'alerts waiting for a retry: the run did its job (the next step runs) but Succeeded is False and it says so' {
        Add-PlainOrder $emu -Count 1 -Total 900
        $null = Set-AlloyEmulatorFault -Emulator $emu -Kind SlackError -Action chat_postMessage -SlackError msg_too_long -Count 1
        $null = Invoke-SyncJob -As File $state
        $job = Join-Path $TestDrive 'check.ps1'
        Set-Content -LiteralPath $job -Value @"
Import-Module '$manifest'
`$result = Invoke-OrderSync -ChannelRate 200 -StatePath '$state' -ErrorAction SilentlyContinue
"Succeeded: `$(`$result.Succeeded)"
if (-not `$result.Succeeded) { exit 2 }
"@
        $run = Invoke-Pwsh -Arguments @('-File', $job)
        $run.Output | Should -Match 'Succeeded: False'
        $run.Output | Should -Match 'not delivered yet'
        $run.Output | Should -Not -Match 'Completed without errors'
        $run.ExitCode | Should -Be 2
    }
}

Describe 'Invoke-OrderSync in a session' {
    BeforeAll {
        Connect-Alloy -ApiKey (ConvertTo-SecureString $emu.ApiKey -AsPlainText -Force) -BaseUri $emu.BaseUri -UserId $emu.UserId
        $script:sync = @{
            ShopifyCredentialId = $emu.ShopifyCredentialId; SlackCredentialId = $emu.SlackCredentialId; Channel = $emu.ChannelId
            StatePath = (Join-Path ([System.IO.Path]::GetTempPath()) ("alloy-pester-" + [guid]::NewGuid().ToString('N').Substring(0, 8)))
            ChannelRate = 200
        }
    }
    AfterAll {
        Disconnect-Alloy
        if (Test-Path $sync.StatePath) { Remove-Item $sync.StatePath -Recurse -Force }
    }

    It 'shows its result as a table with the contract''s columns' {
        Add-PlainOrder $emu -Count 1 -Total 1500
        $table = Invoke-OrderSync @sync -Quiet | Format-Table | Out-String -Width 200
        $table | Should -Match 'Fetched'
        $table | Should -Match 'HighValue'
        $table | Should -Match 'Duplicates'
    }

    It 'keeps the step-by-step sections out of the output' {
        $output = @(Invoke-OrderSync @sync 6>$null)
        $output.Count | Should -Be 1
        $output[0].PSObject.TypeNames[0] | Should -Be 'AlloyShopifySlack.OrderSyncResult'
    }

    It 'lists the plan with -WhatIf and posts nothing' {
        Add-PlainOrder $emu -Count 1 -Total 2500
        $before = @(Get-AlloyEmulatorMessages -Emulator $emu).Count
        $plan = @(Invoke-OrderSync @sync -WhatIf -Quiet)
        $plan.Action | Should -Contain 'Send'
        @(Get-AlloyEmulatorMessages -Emulator $emu).Count | Should -Be $before
    }

    It 'writes the page of what it would post with -WhatIf -Preview -PreviewPath, and posts nothing' {
        Add-PlainOrder $emu -Count 1 -Total 3100
        $before = @(Get-AlloyEmulatorMessages -Emulator $emu).Count
        $page = Join-Path $sync.StatePath 'preview.html'
        $plan = @(Invoke-OrderSync @sync -WhatIf -Preview -PreviewPath $page -NoBrowser -Quiet -InformationVariable said)
        $plan.Action | Should -Contain 'Send'
        @(Get-AlloyEmulatorMessages -Emulator $emu).Count | Should -Be $before
        ($said -join "`n") | Should -Match ([regex]::Escape($page))
        $html = Get-Content -LiteralPath $page -Raw
        $html | Should -Match 'What Invoke-OrderSync would post for'
        $html | Should -Match ([regex]::Escape("→ $($emu.ChannelId) (send)"))
        $html | Should -Match 'USD 3,100.00'
    }

    It 'shows the state with Get-OrderSyncState' {
        $state = Get-OrderSyncState -StatePath $sync.StatePath -ShopifyCredentialId $emu.ShopifyCredentialId
        $state.Sent | Should -BeGreaterThan 0
        $state.Pending | Should -Be 0
        ($state | Format-Table | Out-String -Width 200) | Should -Match 'Checkpoint'
    }
}

Describe 'The one-liner and the job share one memory' {
    It 'alerts each order once: the canonical line, then Invoke-OrderSync, then the line again (as one pwsh -Command)' {
        $state = Join-Path $TestDrive 'one-memory'
        Add-PlainOrder $emu -Count 3 -Total 900
        $before = @(Get-AlloyEmulatorMessages -Emulator $emu).Count
        $line = "Get-ShopifyOrder | Where-Object Total -ge 500 | Send-SlackOrderAlert -StatePath '$state'"
        $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$manifest'; " +
            "`$first = @($line); `$sync = Invoke-OrderSync -Quiet -MinimumTotal 500 -StatePath '$state'; `$again = @($line); " +
            "@{ sent = @(`$first | Where-Object Status -eq Sent).OrderId; synced = `$sync.MessagesSent; again = @(`$again | ForEach-Object { `$_.Status.ToString() }) } | ConvertTo-Json -Compress"
        $run = Invoke-Pwsh -Arguments @('-Command', $script); $run.ExitCode | Should -Be 0 -Because $run.Output
        $result = ($run.Output -split "`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1) | ConvertFrom-Json
        @($result.sent).Count | Should -BeGreaterOrEqual 3
        $result.synced | Should -Be 0
        @($result.again | Select-Object -Unique) | Should -Be @('Skipped')
        $new = @(Get-AlloyEmulatorMessages -Emulator $emu) | Select-Object -Skip $before
        $new.Count | Should -Be @($result.sent).Count
        @($new | ForEach-Object { $_.metadata.event_payload.order_id } | Sort-Object -Unique).Count | Should -Be $new.Count
    }
}
