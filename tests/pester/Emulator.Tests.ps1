BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'tools/Emulator.psm1') -Force
}

Describe 'The emulator as a child process' {
    BeforeAll {
        $script:emu = Start-AlloyEmulator -OrderCount 30 -Seed 7 -NoThrottling
    }
    AfterAll {
        $script:emu | Stop-AlloyEmulator
    }

    It 'reports a loopback address, the key and the tenant ids' {
        $emu.BaseUri | Should -Match '^http://127\.0\.0\.1:\d+$'
        $emu.ApiKey | Should -Not -BeNullOrEmpty
        $emu.UserId | Should -Match '^[0-9a-f]{24}$'
        $emu.SlackCredentialId | Should -Match '^[0-9a-f]{24}$'
        $emu.ChannelId | Should -Not -BeNullOrEmpty
        $emu.OrderCount | Should -Be 30
    }

    It 'answers the Alloy API with the key it reported' {
        $headers = @{ Authorization = "Bearer $($emu.ApiKey)"; 'x-api-version' = '2025-09' }
        $answer = Invoke-RestMethod -Uri "$($emu.BaseUri)/connectors" -Headers $headers
        $answer.connectors.id | Should -Contain 'slack'
    }

    It 'shows a posted message through the admin wrapper' {
        $headers = @{ Authorization = "Bearer $($emu.ApiKey)"; 'x-api-version' = '2025-09'; 'x-alloy-userid' = $emu.UserId }
        $body = @{ credentialId = $emu.SlackCredentialId; requestBody = @{ channel = $emu.ChannelId; text = 'hello from Pester' } } | ConvertTo-Json -Depth 5
        $null = Invoke-RestMethod -Method Post -Uri "$($emu.BaseUri)/connectors/slack/actions/chat_postMessage/execute" -Headers $headers -Body $body -ContentType 'application/json'
        (Get-AlloyEmulatorMessages -Channel $emu.ChannelId -Emulator $emu).text | Should -Contain 'hello from Pester'
    }

    It 'adds orders, injects faults and changes knobs through the admin wrappers' {
        $added = Add-AlloyEmulatorOrder -Count 2 -Total 750 -Emulator $emu
        $added.added | Should -Be 2
        (Get-AlloyEmulatorStats -Emulator $emu).orders | Should -Be 32

        $rule = Set-AlloyEmulatorFault -Kind RateLimit -Action 'GET /connectors' -Count 1 -RetryAfterSeconds 3 -Emulator $emu
        $rule.kind | Should -Be 'RateLimit'
        $headers = @{ Authorization = "Bearer $($emu.ApiKey)"; 'x-api-version' = '2025-09' }
        $response = Invoke-WebRequest -Uri "$($emu.BaseUri)/connectors" -Headers $headers -SkipHttpErrorCheck
        $response.StatusCode | Should -Be 429
        "$($response.Headers['Retry-After'])" | Should -Be '3'
        (Invoke-WebRequest -Uri "$($emu.BaseUri)/connectors" -Headers $headers -SkipHttpErrorCheck).StatusCode | Should -Be 200

        (Set-AlloyEmulatorConfig @{ latencyMs = 5 } -Emulator $emu).latencyMs | Should -Be 5
        Clear-AlloyEmulatorFault -Emulator $emu
        Reset-AlloyEmulator -Emulator $emu
        (Get-AlloyEmulatorStats -Emulator $emu).orders | Should -Be 30
        (Get-AlloyEmulatorEnvironment -Emulator $emu).ALLOY_BASE_URL | Should -Be $emu.BaseUri
    }

    It 'stops, and the port no longer answers' {
        $uri = $emu.BaseUri
        $process = $emu.Process
        $emu | Stop-AlloyEmulator
        $process.HasExited | Should -BeTrue
        { Invoke-RestMethod -Uri "$uri/_emulator/stats" -TimeoutSec 5 } | Should -Throw
    }
}
