# The generic Alloy cmdlets against the emulator (a child process), -WhatIf, error ids, views; and the Gallery package.
BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'AlloyShopifySlack.psd1') -Force
    Import-Module (Join-Path $root 'tools/Emulator.psm1') -Force

    function Get-AlloyRequestCount($Emulator) {
        # Requests the module sent to the Alloy API (admin calls and per-action counters not included).
        $total = 0
        foreach ($property in (Get-AlloyEmulatorStats -Emulator $Emulator).requests.PSObject.Properties) {
            if ($property.Name -match ' ' -and $property.Name -notmatch '/_emulator') { $total += [int]$property.Value }
        }
        $total
    }
}

Describe 'The generic Alloy cmdlets' {
    BeforeAll {
        $script:emu = Start-AlloyEmulator -OrderCount 20 -NoThrottling
        $script:conn = Connect-Alloy -ApiKey $emu.ApiKey -BaseUri $emu.BaseUri -UserId $emu.UserId -NoSession
        # An address where nothing listens: any request sent there would fail.
        $script:nowhere = Connect-Alloy -ApiKey 'unused-key-000000000000' -BaseUri 'http://127.0.0.1:1' -UserId $emu.UserId -NoSession -SkipCheck
    }
    AfterAll { $script:emu | Stop-AlloyEmulator }
    BeforeEach { Reset-AlloyEmulator -Emulator $emu }

    Context 'users' {
        It 'creates a user once and reuses it by name' {
            $first = New-AlloyUser -Connection $conn -Username 'pester-shop' -FullName 'Pester Shop' -ReuseExisting
            $again = New-AlloyUser -Connection $conn -Username 'pester-shop' -ReuseExisting
            $first.PSObject.TypeNames[0] | Should -Be 'AlloyShopifySlack.AlloyUser'
            $again.UserId | Should -Be $first.UserId
            @(Get-AlloyUser -Connection $conn -Username 'pester-*').Count | Should -Be 1
        }

        It 'refuses a duplicate with AlloyUserExists and says how to reuse it' {
            New-AlloyUser -Connection $conn -Username 'dup-shop' | Out-Null
            $failure = { New-AlloyUser -Connection $conn -Username 'dup-shop' -ErrorAction Stop } | Should -Throw -ErrorId 'AlloyUserExists,*' -PassThru
            $failure.Exception.Message | Should -Match '-ReuseExisting'
            $failure.CategoryInfo.Category | Should -Be 'ResourceExists'
        }

        It 'sends nothing with -WhatIf (New and Remove)' {
            $before = Get-AlloyRequestCount $emu
            New-AlloyUser -Connection $conn -Username 'ghost' -WhatIf
            New-AlloyUser -Connection $conn -Username 'ghost' -ReuseExisting -WhatIf
            Remove-AlloyUser -Connection $conn -UserId $emu.UserId -WhatIf
            Remove-AlloyUser -Connection $conn -Username $emu.Username -WhatIf
            Remove-AlloyCredential -Connection $conn -CredentialId $emu.SlackCredentialId -WhatIf
            (Get-AlloyRequestCount $emu) | Should -Be $before
            @(Get-AlloyUser -Connection $conn).Count | Should -Be 1
        }

        It 'sends nothing with -WhatIf even where nothing listens' {
            { New-AlloyUser -Connection $nowhere -Username 'ghost' -WhatIf -ErrorAction Stop } | Should -Not -Throw
            { Remove-AlloyUser -Connection $nowhere -Username 'ghost' -WhatIf -ErrorAction Stop } | Should -Not -Throw
            { Remove-AlloyCredential -Connection $nowhere -CredentialId 'c1' -WhatIf -ErrorAction Stop } | Should -Not -Throw
        }

        It 'removes a piped user with -Force' {
            New-AlloyUser -Connection $conn -Username 'short-lived' | Remove-AlloyUser -Connection $conn -Force
            { Get-AlloyUser -Connection $conn -Username 'short-lived' -ErrorAction Stop } | Should -Throw -ErrorId 'AlloyUserNotFound,*'
        }
    }

    Context 'connectors and actions' {
        It 'lists connectors in a table' {
            $connectors = Get-AlloyConnector -Connection $conn
            $connectors.Id | Should -Be @('shopify', 'slack', 'googlesheets')
            ($connectors | Format-Table | Out-String) | Should -Match 'Id\s+Name'
        }

        It 'pipes a connector into Get-AlloyAction and shows a schema' {
            (Get-AlloyConnector -Connection $conn slack | Get-AlloyAction -Connection $conn).Id | Should -Contain 'chat_postMessage'
            $schema = Get-AlloyAction -Connection $conn -ConnectorId slack -ActionId chat_postMessage
            ($schema.Parameters | Where-Object Required).Name | Should -Contain 'channel'
            ($schema | Format-List | Out-String) | Should -Match 'channel \(body, required\)'
        }

        It 'lists the actions when one is unknown' {
            $failure = { Get-AlloyAction -Connection $conn -ConnectorId slack -ActionId chat_postMesage -ErrorAction Stop } | Should -Throw -ErrorId 'AlloyNotFound,*' -PassThru
            $failure.Exception.Message | Should -Match 'chat_postMessage'
        }
    }

    Context 'Invoke-AlloyAction and credentials' {
        It 'posts a Slack message from a hashtable and returns Slack''s answer' {
            $answer = Invoke-AlloyAction -Connection $conn -ConnectorId slack -ActionId chat_postMessage -CredentialId $emu.SlackCredentialId -RequestBody @{ channel = $emu.ChannelId; text = 'from Pester' }
            $answer.ok | Should -BeTrue
            $answer.ts | Should -Not -BeNullOrEmpty
            (Get-AlloyEmulatorMessages -Emulator $emu -Channel $emu.ChannelId).text | Should -Contain 'from Pester'
        }

        It 'turns Slack ok:false into an error' {
            { Invoke-AlloyAction -Connection $conn slack chat_postMessage -CredentialId $emu.SlackCredentialId -RequestBody @{ channel = $emu.NotMemberChannelId; text = 'x' } -ErrorAction Stop } |
                Should -Throw -ErrorId 'SlackError,*'
        }

        It 'names the required parameters on a 400' {
            $failure = { Invoke-AlloyAction -Connection $conn slack chat_postMessage -CredentialId $emu.SlackCredentialId -RequestBody '{"text":"no channel"}' -ErrorAction Stop } |
                Should -Throw -ErrorId 'AlloyBadRequest,*' -PassThru
            $failure.Exception.Message | Should -Match 'channel \(body, required\)'
        }

        It 'reports an ambiguous post and does not send it twice' {
            Set-AlloyEmulatorFault -Emulator $emu -Kind Ambiguous -Action chat_postMessage -Count 1 | Out-Null
            { Invoke-AlloyAction -Connection $conn slack chat_postMessage -CredentialId $emu.SlackCredentialId -RequestBody @{ channel = $emu.ChannelId; text = 'once' } -ErrorAction Stop } |
                Should -Throw -ErrorId 'AlloyAmbiguousResult,*'
            @(Get-AlloyEmulatorMessages -Emulator $emu -Channel $emu.ChannelId | Where-Object text -eq 'once').Count | Should -Be 1
        }

        It 'lists typed credentials and their metadata' {
            $credentials = Get-AlloyCredential -Connection $conn
            $credentials[0].PSObject.TypeNames[0] | Should -Be 'AlloyShopifySlack.AlloyCredential'
            $credentials.ConnectorId | Sort-Object | Should -Be @('googlesheets', 'shopify', 'slack')
            (Get-AlloyCredentialMetadata -Connection $conn -ConnectorId shopify).AuthenticationType | Should -Be 'oauth2'
        }

        It 'removes a piped credential with -Force' {
            Get-AlloyCredential -Connection $conn -ConnectorId slack | Remove-AlloyCredential -Connection $conn -Force
            @(Get-AlloyCredential -Connection $conn -ConnectorId slack).Count | Should -Be 0
        }
    }
}

Describe 'The Gallery package' {
    BeforeAll {
        . (Join-Path $root 'tools/BuildHelpers.ps1')
        $script:package = New-ModulePackage -Root $root -ModuleBin (Join-Path $root 'module/bin') -OutputPath (Join-Path $TestDrive 'out') 6>$null
        $script:manifest = Test-ModuleManifest -Path (Join-Path $package 'AlloyShopifySlack.psd1') -ErrorAction Stop
        $script:version = (Import-PowerShellDataFile (Join-Path $root 'AlloyShopifySlack.psd1')).ModuleVersion
    }

    It 'is laid out as AlloyShopifySlack/<version>' {
        $package | Should -BeLike "*AlloyShopifySlack*$version"
        $manifest.Version.ToString() | Should -Be $version
    }

    It 'passes Test-ModuleManifest with the contract''s editions and cmdlets' {
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.ExportedCmdlets.Keys | Should -Contain 'Invoke-AlloyAction'
        $manifest.RootModule | Should -Be 'module/bin/AlloyShopifySlack.dll'
        Test-Path (Join-Path $package $manifest.RootModule) | Should -BeTrue
    }

    It 'carries and lists <_>.dll for Windows PowerShell 5.1' -ForEach @(
        'System.Text.Json', 'System.Memory', 'System.Buffers', 'System.Runtime.CompilerServices.Unsafe', 'System.Text.Encodings.Web',
        'System.Numerics.Vectors', 'System.Threading.Tasks.Extensions', 'Microsoft.Bcl.AsyncInterfaces', 'System.Threading.Channels'
    ) {
        $manifest.FileList | Should -Contain (Join-Path $package "module/bin/$_.dll")
        Test-Path (Join-Path $package "module/bin/$_.dll") | Should -BeTrue
    }

    It 'carries the format views and the help the manifest and the cmdlets need' {
        $packaged = Import-PowerShellDataFile (Join-Path $package 'AlloyShopifySlack.psd1')
        foreach ($format in @($packaged.FormatsToProcess) + @($packaged.TypesToProcess)) {
            Test-Path (Join-Path $package $format) | Should -BeTrue -Because "$format is in FormatsToProcess or TypesToProcess"
        }
        Test-Path (Join-Path $package 'en-US/AlloyShopifySlack.dll-Help.xml') | Should -BeTrue
        @(Get-ChildItem $package -Recurse -Include '*.pdb', '*.md' -Exclude 'README.md').Count | Should -Be 0
    }

    It 'imports from the package folder in a fresh PowerShell' {
        $script = "Import-Module '$(Join-Path $package 'AlloyShopifySlack.psd1')' -ErrorAction Stop; (Get-Command -Module AlloyShopifySlack).Count; (Get-Help New-AlloyUser).Synopsis"
        $output = & dotnet pwsh -NoProfile -NonInteractive -Command $script
        $LASTEXITCODE | Should -Be 0
        [int]$output[0] | Should -Be $manifest.ExportedCmdlets.Count
        $output[1] | Should -Match 'Creates an Alloy user'
    }

    It 'carries this version''s CHANGELOG section as ReleaseNotes, the MIT LICENSE and a HelpInfoURI' {
        $packaged = Import-PowerShellDataFile (Join-Path $package 'AlloyShopifySlack.psd1')
        $changelog = Get-Content -Raw (Join-Path $root 'CHANGELOG.md')
        $changelog | Should -Match ([regex]::Escape("## [$version]"))
        $packaged.PrivateData.PSData.ReleaseNotes | Should -Match 'First release'
        $changelog | Should -Match ([regex]::Escape(($packaged.PrivateData.PSData.ReleaseNotes -split "`n")[0].Trim()))
        Get-Content -Raw (Join-Path $package 'LICENSE') | Should -Match '^MIT License'
        $packaged.Copyright | Should -Match 'MIT License'
        $packaged.HelpInfoURI | Should -Match '^https://'
    }

    It 'carries each about_ topic once, in en-US/ beside the manifest where Get-Help finds it' {
        foreach ($topic in 'about_AlloyShopifySlack.help.txt', 'about_AlloyShopifySlack_Scheduling.help.txt') {
            $copies = @(Get-ChildItem $package -Recurse -Filter $topic)
            $copies.Count | Should -Be 1 -Because "$topic is needed once"
            $copies[0].Directory.FullName | Should -Be (Join-Path $package 'en-US')
        }
    }
}

Describe 'The emulator for users (build.ps1 package)' {
    BeforeAll {
        . (Join-Path $root 'tools/BuildHelpers.ps1')
        $script:emulatorPackage = New-EmulatorPackage -Root $root -OutputPath (Join-Path $TestDrive 'out') 6>$null
        $script:version = (Import-PowerShellDataFile (Join-Path $root 'AlloyShopifySlack.psd1')).ModuleVersion
    }

    It 'is a module of the same version with the emulator in bin/' {
        $emulatorPackage | Should -BeLike "*AlloyShopifySlack.Emulator*$version"
        (Test-ModuleManifest (Join-Path $emulatorPackage 'AlloyShopifySlack.Emulator.psd1')).Version.ToString() | Should -Be $version
        Test-Path (Join-Path $emulatorPackage 'bin/AlloyShopifySlack.Emulator.dll') | Should -BeTrue
    }

    It 'starts, answers with its key and stops from a fresh PowerShell, away from the repository' {
        $script = @"
`$ErrorActionPreference = 'Stop'
Set-Location '$TestDrive'
Import-Module '$(Join-Path $emulatorPackage 'AlloyShopifySlack.Emulator.psd1')'
`$emu = Start-AlloyEmulator -OrderCount 5
try {
    `$environment = `$emu | Get-AlloyEmulatorEnvironment
    `$connectors = Invoke-RestMethod -Uri "`$(`$emu.BaseUri)/connectors" -Headers @{ Authorization = "Bearer `$(`$emu.ApiKey)"; 'x-api-version' = '2025-09' }
    "connectors: `$(@(`$connectors.connectors).Count)"
    "base: `$(`$environment.ALLOY_BASE_URL)"
}
finally { `$emu | Stop-AlloyEmulator }
"@
        $output = & dotnet pwsh -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $output
        $output | Should -Match 'connectors: 3'
        $output | Should -Match 'base: http://127\.0\.0\.1:\d+'
    }
}
