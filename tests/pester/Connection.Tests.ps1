# Connect-Alloy, Get-AlloyConnection, Disconnect-Alloy and the contract's resolution order, against the built module.
BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'AlloyShopifySlack.psd1') -Force
    Import-Module (Join-Path $root 'tools/Emulator.psm1') -Force

    # Nothing from the machine may leak in: no ALLOY_* variables, no .env in the current directory.
    $script:variables = 'ALLOY_API_KEY', 'ALLOY_BASE_URL', 'ALLOY_USER_ID', 'ALLOY_API_VERSION'
    $script:saved = @{}
    foreach ($name in $variables) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $null) }
    $script:work = Join-Path ([System.IO.Path]::GetTempPath()) "alloy-connection-pester-$PID"
    New-Item -ItemType Directory -Path $work -Force | Out-Null
    Push-Location $work
    Disconnect-Alloy

    $script:key = 'pester_key_' + [guid]::NewGuid().ToString('N')
    $script:emu = Start-AlloyEmulator -OrderCount 20 -NoThrottling -ApiKey $key
    $script:closed = 'http://127.0.0.1:1'
}

AfterAll {
    Disconnect-Alloy
    Pop-Location
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    foreach ($name in $variables) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    $script:emu | Stop-AlloyEmulator
}

Describe 'Without a key' {
    BeforeEach { Disconnect-Alloy; Remove-Item -LiteralPath (Join-Path $work '.env') -ErrorAction SilentlyContinue }

    It 'fails with AlloyApiKeyMissing' {
        { Get-AlloyConnection } | Should -Throw -ErrorId 'AlloyApiKeyMissing,*'
        { Get-AlloyUser } | Should -Throw -ErrorId 'AlloyApiKeyMissing,*'
    }

    It 'says to run Connect-Alloy or set ALLOY_API_KEY' {
        $failure = { Get-AlloyConnector } | Should -Throw -PassThru
        $failure.Exception.Message | Should -Match 'Connect-Alloy'
        $failure.Exception.Message | Should -Match 'ALLOY_API_KEY'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'fails for Connect-Alloy too, with the same id' {
        { Connect-Alloy -BaseUri $closed } | Should -Throw -ErrorId 'AlloyApiKeyMissing,*'
    }
}

Describe 'Connect-Alloy' {
    AfterEach { Disconnect-Alloy }

    It 'makes the session connection that Get-AlloyConnection shows, without the key' {
        Connect-Alloy -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force) -BaseUri $emu.BaseUri -UserId $emu.UserId
        $connection = Get-AlloyConnection
        $connection.PSObject.TypeNames[0] | Should -Be 'AlloyShopifySlack.AlloyConnection'
        $connection.BaseUri.ToString() | Should -Be "$($emu.BaseUri)/"
        $connection.UserId | Should -Be $emu.UserId
        $connection.ApiVersion | Should -Be '2025-09'
        $connection.KeySource | Should -Be 'Connect-Alloy -ApiKey'
        $shown = ($connection | Format-List * | Out-String) + ($connection | Format-Table | Out-String) + $connection.ToString()
        $shown | Should -Not -BeLike "*$key*"
        $shown | Should -Not -BeLike "*$($key.Substring(0, 16))*"
    }

    It 'accepts the key as a plain string for scripts and works against the API' {
        Connect-Alloy -ApiKey $key -BaseUri $emu.BaseUri -UserId $emu.UserId
        (Get-AlloyUser).Username | Should -Contain $emu.Username
    }

    It 'returns the connection with -PassThru' {
        $connection = Connect-Alloy -ApiKey $key -BaseUri $emu.BaseUri -PassThru
        $connection.PSObject.TypeNames[0] | Should -Be 'AlloyShopifySlack.AlloyConnection'
        (Get-AlloyConnection).BaseUri | Should -Be $connection.BaseUri
    }

    It 'leaves the session alone with -NoSession' {
        Connect-Alloy -ApiKey $key -BaseUri $emu.BaseUri
        $other = Connect-Alloy -ApiKey 'another-key-0000000000' -BaseUri $closed -NoSession -SkipCheck
        $other.BaseUri.ToString() | Should -Be "$closed/"
        (Get-AlloyConnection).BaseUri.ToString() | Should -Be "$($emu.BaseUri)/"
    }

    It 'reads an env file' {
        $file = Join-Path $work 'tenant.env'
        "ALLOY_API_KEY=$key`nALLOY_BASE_URL=$($emu.BaseUri)`nALLOY_USER_ID=$($emu.UserId)`n" | Set-Content -LiteralPath $file
        Connect-Alloy -EnvFile $file
        (Get-AlloyConnection).KeySource | Should -BeLike '*tenant.env'
        @(Get-AlloyCredential).Count | Should -Be 3
    }

    It 'reports a missing env file' {
        { Connect-Alloy -EnvFile (Join-Path $work 'missing.env') } | Should -Throw -ErrorId 'EnvFileNotFound,*'
    }

    It 'rejects a base URL that is not http(s)' {
        { Connect-Alloy -ApiKey $key -BaseUri 'ftp://example.test' } | Should -Throw -ErrorId 'AlloyBaseUrlInvalid,*'
    }

    It 'blames -BaseUri, not ALLOY_BASE_URL, for a -BaseUri that is not a URL' {
        $failure = { Connect-Alloy -ApiKey $key -BaseUri 'not a uri' } | Should -Throw -PassThru
        $failure.Exception.Message | Should -Match 'Connect-Alloy -BaseUri'
        $failure.Exception.Message | Should -Not -Match 'ALLOY_BASE_URL'
    }

    It 'checks the key at once: a wrong key fails at connect with a clear error and no session connection' {
        $failure = { Connect-Alloy -ApiKey 'wrong-key-0000000000' -BaseUri $emu.BaseUri } | Should -Throw -ErrorId 'AlloyUnauthorized,*' -PassThru
        $failure.Exception.Message | Should -Match 'Alloy refused the API key'
        $failure.ErrorDetails.RecommendedAction | Should -Match 'SkipCheck'
        ($failure.Exception.ToString() + $failure.ErrorDetails.Message) | Should -Not -Match 'wrong-key-0000000000'
        { Get-AlloyConnection } | Should -Throw -ErrorId 'AlloyApiKeyMissing,*'
    }

    It 'connects without asking Alloy with -SkipCheck' {
        $offline = Connect-Alloy -ApiKey 'wrong-key-0000000000' -BaseUri $closed -SkipCheck -PassThru
        $offline.BaseUri.ToString() | Should -Be "$closed/"
    }
}

Describe 'Disconnect-Alloy' {
    It 'forgets the session connection' {
        Connect-Alloy -ApiKey $key -BaseUri $emu.BaseUri
        Disconnect-Alloy
        { Get-AlloyConnection } | Should -Throw -ErrorId 'AlloyApiKeyMissing,*'
    }

    It 'is harmless when not connected' {
        { Disconnect-Alloy; Disconnect-Alloy } | Should -Not -Throw
    }
}

Describe 'The resolution order' {
    BeforeEach { Disconnect-Alloy }
    AfterEach {
        Disconnect-Alloy
        Remove-Item -LiteralPath (Join-Path $work '.env') -ErrorAction SilentlyContinue
        foreach ($name in $variables) { [Environment]::SetEnvironmentVariable($name, $null) }
    }

    It 'uses a .env file in the current directory when nothing else is set' {
        "ALLOY_API_KEY=$key`nALLOY_BASE_URL=$($emu.BaseUri)`n" | Set-Content -LiteralPath (Join-Path $work '.env')
        (Get-AlloyConnector).Id | Should -Contain 'slack'
        (Get-AlloyConnection).KeySource | Should -BeLike '*.env'
    }

    It 'never lets .env override a set environment variable' {
        "ALLOY_API_KEY=$key`nALLOY_BASE_URL=$closed`n" | Set-Content -LiteralPath (Join-Path $work '.env')
        $env:ALLOY_BASE_URL = $emu.BaseUri
        (Get-AlloyConnector).Id | Should -Contain 'slack'
    }

    It 'prefers the session connection to environment variables' {
        $env:ALLOY_API_KEY = 'wrong-key-from-the-environment'
        $env:ALLOY_BASE_URL = $closed
        Connect-Alloy -ApiKey $key -BaseUri $emu.BaseUri
        (Get-AlloyConnector).Id | Should -Contain 'slack'
    }

    It 'prefers -Connection to the session connection' {
        $tenant = Connect-Alloy -ApiKey $key -BaseUri $emu.BaseUri -NoSession
        Connect-Alloy -ApiKey 'wrong-key-0000000000' -BaseUri $closed -SkipCheck
        (Get-AlloyConnector -Connection $tenant).Id | Should -Contain 'slack'
    }

    It 'names where a refused key came from' {
        $env:ALLOY_API_KEY = 'refused-key-0000000000'
        $env:ALLOY_BASE_URL = $emu.BaseUri
        $failure = { Get-AlloyConnector -ErrorAction Stop } | Should -Throw -ErrorId 'AlloyUnauthorized,*' -PassThru
        $failure.Exception.Message | Should -Match 'environment variable ALLOY_API_KEY'
        $failure.Exception.Message | Should -Not -Match 'refused-key'
    }
}
