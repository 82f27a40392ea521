BeforeAll {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:manifest = Join-Path $root 'AlloyShopifySlack.psd1'
    Import-Module $manifest -Force
    Import-Module (Join-Path $root 'tools/Emulator.psm1') -Force

    # A child pwsh, as a scheduler or a CI step would start it (the same PowerShell as this one).
    $script:pwshCommand = if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
        @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
    } else { @([Environment]::ProcessPath) }

    function Invoke-ChildPwsh([string] $Directory, [string] $Command) {
        Push-Location $Directory
        try {
            $exe, $first = $script:pwshCommand
            $arguments = @($first | Where-Object { $_ }) + @('-NoProfile', '-NonInteractive', '-Command', "Import-Module '$script:manifest'; $Command")
            $output = & $exe @arguments 2>&1 | ForEach-Object { "$_" }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output -join "`n") }
        } finally { Pop-Location }
    }

    # Plays the user with a plain HTTP client: opens each consent URL the script prints (as a warning) and answers it.
    function Invoke-WithConsent([string] $Directory, [string] $Script, [object[]] $Arguments = @(), [string] $Decision = 'allow') {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$script:manifest'; Set-Location -LiteralPath '$Directory'; $Script")
            foreach ($argument in $Arguments) { $null = $shell.AddArgument($argument) }
            $async = $shell.BeginInvoke()
            $answered = 0
            $deadline = [datetime]::UtcNow.AddSeconds(120)
            while (-not $async.IsCompleted -and [datetime]::UtcNow -lt $deadline) {
                while ($answered -lt $shell.Streams.Warning.Count) {
                    $message = $shell.Streams.Warning[$answered].Message
                    $answered++
                    if ($message -notmatch '(https?://\S+)') { continue }
                    $consent = [uri]$Matches[1]
                    $page = Invoke-WebRequest -Uri $consent
                    $state = [regex]::Match($page.Content, 'name="state" value="([^"]+)"').Groups[1].Value
                    $null = Invoke-WebRequest -Method Post -Uri ([uri]::new($consent, '/_emulator/oauth/authorize')) -Body @{ state = $state; decision = $Decision }
                }
                Start-Sleep -Milliseconds 100
            }
            $output = $shell.EndInvoke($async)
            [pscustomobject]@{ Output = @($output); Errors = @($shell.Streams.Error); Warnings = @($shell.Streams.Warning | ForEach-Object Message) }
        } finally { $shell.Dispose() }
    }

    function New-TempFolder { (New-Item -ItemType Directory -Path (Join-Path ([System.IO.Path]::GetTempPath()) "alloyps-setup-$([guid]::NewGuid().ToString('N'))")).FullName }
}

Describe 'Connect-AlloyShopify -NoBrowser' {
    It 'returns the new credential once the printed URL is visited (<Name>)' -ForEach @(
        @{ Name = 'our emulator'; Options = @{} }
        @{ Name = 'a server that lists credentials per user and names the store field shopSubdomain'; Options = @{ CredentialList = 'user'; StoreField = 'shopSubdomain'; Envelope = 'successResult' } }
    ) {
        $emu = Start-AlloyEmulator @Options
        try {
            $folder = New-TempFolder
            $result = Invoke-WithConsent $folder 'Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2]; Connect-AlloyShopify -ShopName $args[3] -NoBrowser' `
                @($emu.ApiKey, $emu.BaseUri, $emu.UserId, $emu.StoreDomain)
            $result.Errors | Should -BeNullOrEmpty
            $result.Output.Count | Should -Be 1
            $result.Output[0].PSObject.TypeNames | Should -Contain 'AlloyShopifySlack.AlloyCredential'
            $result.Output[0].CredentialId | Should -Not -Be $emu.ShopifyCredentialId
            $result.Output[0].ConnectorId | Should -Be 'shopify'
        } finally { $emu | Stop-AlloyEmulator }
    }
}

Describe 'The guided set-up, then the job and the health check from a new process' {
    BeforeAll {
        $script:emu = Start-AlloyEmulator -NoSlackRateLimit
        $script:folder = New-TempFolder
        Set-Content -LiteralPath (Join-Path $folder '.env') -Value "# kept`nORDER_VALUE_THRESHOLD=900"
        $command = 'Initialize-AlloyShopifySlack -NonInteractive -ApiKey $args[0] -BaseUri $args[1] -ShopName $args[2] -SlackChannel $args[3] -Username pester-merchant -NoBrowser -SaveApiKey'
        $script:setup = Invoke-WithConsent $folder $command @($emu.ApiKey, $emu.BaseUri, $emu.StoreDomain, $emu.ChannelId)
    }
    AfterAll { $script:emu | Stop-AlloyEmulator }

    It 'writes the .env, keeping the user''s own lines, owner-only' {
        $setup.Errors | Should -BeNullOrEmpty
        $setup.Output[0].Succeeded | Should -BeTrue
        $text = Get-Content -Raw -LiteralPath (Join-Path $folder '.env')
        $text | Should -Match '(?m)^# kept$'
        $text | Should -Match '(?m)^ORDER_VALUE_THRESHOLD=900$'
        foreach ($key in 'ALLOY_USER_ID', 'SHOPIFY_CREDENTIAL_ID', 'SLACK_CREDENTIAL_ID', 'SLACK_CHANNEL_ID', 'SHOPIFY_STORE_DOMAIN', 'ALLOY_BASE_URL', 'ALLOY_API_KEY') {
            $text | Should -Match "(?m)^$key=\S+"
        }
        if (-not $IsWindows) { (Get-Item -Force (Join-Path $folder '.env')).UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite') }
    }

    It 'lets Invoke-OrderSync run in a new process with no further configuration' {
        $run = Invoke-ChildPwsh $folder 'Invoke-OrderSync -Since (Get-Date).AddHours(-12) -StatePath ./state -NoDigest -ErrorAction Stop | ForEach-Object { "RESULT $($_.Threshold) $($_.Failed)" }'
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'RESULT 900 0'
    }

    It 'passes Test-AlloyConnection -ErrorAction Stop (exit code 0), and fails it (non-zero) when Slack is broken' {
        (Invoke-ChildPwsh $folder 'Test-AlloyConnection -ErrorAction Stop | Out-Null').ExitCode | Should -Be 0
        $broken = Invoke-ChildPwsh $folder '$env:SLACK_CREDENTIAL_ID = ''0123456789abcdef01234567''; Test-AlloyConnection -ErrorAction Stop | Out-Null'
        $broken.ExitCode | Should -Not -Be 0
        $broken.Output | Should -Match 'Slack'
    }
}

Describe 'Test-AlloyConnection output' {
    It 'shows a table with a remedy column' {
        $emu = Start-AlloyEmulator
        try {
            $connection = Connect-Alloy -ApiKey $emu.ApiKey -BaseUri $emu.BaseUri -UserId $emu.UserId -NoSession
            $text = Test-AlloyConnection -Connection $connection -ShopifyCredentialId $emu.ShopifyCredentialId -SlackCredentialId $emu.SlackCredentialId |
                Format-Table | Out-String -Width 200
            $text | Should -Match 'Component\s+Status\s+Detail\s+Remedy'
            $text | Should -Match 'Shopify\s+Ok'
        } finally { $emu | Stop-AlloyEmulator }
    }
}

Describe 'Tab completion' {
    BeforeAll {
        $script:emu = Start-AlloyEmulator
        Connect-Alloy -ApiKey $emu.ApiKey -BaseUri $emu.BaseUri -UserId $emu.UserId
        function Complete([string] $line) {
            # The first Tab may outlast the completer's budget (cold start); the list then arrives on a later one.
            for ($i = 0; $i -lt 40; $i++) {
                $found = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
                if ($found.Count -gt 0) { return $found }
                Start-Sleep -Milliseconds 500
            }
            @()
        }
    }
    AfterAll { Disconnect-Alloy; $script:emu | Stop-AlloyEmulator }

    It 'completes -ConnectorId and -ActionId of Get-AlloyAction' {
        (Complete 'Get-AlloyAction -ConnectorId sl').CompletionText | Should -Contain 'slack'
        (Complete 'Get-AlloyAction -ConnectorId slack -ActionId chat_').CompletionText | Should -Contain 'chat_postMessage'
    }

    It 'completes -Channel of Send-SlackMessage with channel ids listed by name' {
        # The session's connection carries no Slack credential; SLACK_CREDENTIAL_ID names it, for this test only.
        $previous = $env:SLACK_CREDENTIAL_ID
        $env:SLACK_CREDENTIAL_ID = $emu.SlackCredentialId
        try {
            $found = Complete 'Send-SlackMessage -Channel order'
            $found.CompletionText | Should -Contain $emu.ChannelId
            ($found | Where-Object CompletionText -eq $emu.ChannelId).ListItemText | Should -Be '#order-alerts'
        } finally { $env:SLACK_CREDENTIAL_ID = $previous }
    }
}
