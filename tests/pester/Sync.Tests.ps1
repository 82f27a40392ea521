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
        $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in @('pwsh', '-NoProfile', '-NonInteractive', '-Command', $script)) { $info.ArgumentList.Add($a) }
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
