# The build's own helpers, as `build.ps1 test` and `build.ps1 package` use them on a fresh machine.
BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    . (Join-Path $root 'tools/BuildHelpers.ps1')
}

Describe 'The browser test''s Chromium (build.ps1 test)' {
    BeforeEach { $saved = $env:ALLOYPS_SKIP_BROWSER_TESTS; $env:ALLOYPS_SKIP_BROWSER_TESTS = $null }
    AfterEach { $env:ALLOYPS_SKIP_BROWSER_TESTS = $saved }

    It 'does nothing when Chromium and ChromeDriver are there' {
        $browser = New-Item (Join-Path $TestDrive 'chromium') -Force
        $driver = New-Item (Join-Path $TestDrive 'chromedriver') -Force
        Install-BrowserTestPrerequisite -BrowserPaths $browser.FullName -DriverPaths $driver.FullName -IsRoot $true -HasAptGet $true -AptGet { throw 'not called' } |
            Should -Be 'Present'
    }

    It 'installs chromium and chromium-driver with apt-get, once, when root' {
        $browser = Join-Path $TestDrive 'fresh/chromium'
        $driver = Join-Path $TestDrive 'fresh/chromedriver'
        $script:calls = [System.Collections.Generic.List[string]]::new()
        $apt = { param([string[]] $Arguments) $calls.Add($Arguments -join ' '); if ($Arguments[0] -eq 'install') { New-Item $browser, $driver -Force | Out-Null }; $true }
        Install-BrowserTestPrerequisite -BrowserPaths $browser -DriverPaths $driver -IsRoot $true -HasAptGet $true -AptGet $apt 6>$null | Should -Be 'Installed'
        $calls | Should -Be @('update -qq', 'install -y -qq --no-install-recommends chromium chromium-driver')
        Install-BrowserTestPrerequisite -BrowserPaths $browser -DriverPaths $driver -IsRoot $true -HasAptGet $true -AptGet $apt | Should -Be 'Present'
        $calls.Count | Should -Be 2
    }

    It 'says in one message what to install when it cannot (not root, or no apt-get)' {
        $missing = Join-Path $TestDrive 'nowhere/chromium'
        $result = Install-BrowserTestPrerequisite -BrowserPaths $missing -DriverPaths $missing -IsRoot $false -HasAptGet $true -AptGet { throw 'not called' } -WarningVariable warned 3>$null
        $result | Should -Be 'Missing'
        @($warned).Count | Should -Be 1
        $warned[0].Message | Should -Match "apt-get install -y chromium chromium-driver"
        $warned[0].Message | Should -Match 'ALLOYPS_SKIP_BROWSER_TESTS=1'
    }

    It 'leaves it alone when the browser test is opted out' {
        $env:ALLOYPS_SKIP_BROWSER_TESTS = '1'
        $missing = Join-Path $TestDrive 'nowhere/chromium'
        Install-BrowserTestPrerequisite -BrowserPaths $missing -DriverPaths $missing -IsRoot $true -HasAptGet $true -AptGet { throw 'not called' } | Should -Be 'Skipped'
    }
}
