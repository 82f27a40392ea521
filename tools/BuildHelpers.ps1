# Helpers for build.ps1: test result counting, Pester, the browser test's Chromium, help generation; packaging in Packaging.ps1.

function Get-TrxCounts {
    param([string] $Path)
    if (-not (Test-Path $Path)) { return [pscustomobject]@{ Passed = 0; Failed = 1 } }
    [xml] $trx = Get-Content -Raw $Path
    $counters = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout }
}

function Get-PesterModulePath {
    param([string] $Root)
    $packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $pester = Join-Path $packages.Trim() 'pester/6.2.0/tools/Pester.psd1'
    if (-not (Test-Path $pester)) {
        & dotnet restore (Join-Path $Root 'tests/tools/PesterTools.csproj') --nologo -v quiet
        if ($LASTEXITCODE -ne 0) { throw 'Could not restore Pester 6.2.0 from NuGet.' }
    }
    $pester
}

function Invoke-PesterSuite {
    param([string] $Root)
    $pesterPath = Get-PesterModulePath -Root $Root
    # A child process keeps the built module out of this session and lets Pester exit cleanly.
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$pesterPath'
`$config = New-PesterConfiguration
`$config.Run.Path = '$(Join-Path $Root 'tests/pester')'
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Normal'
`$result = Invoke-Pester -Configuration `$config
'PESTER-COUNTS ' + `$result.PassedCount + ' ' + (`$result.FailedCount + `$result.FailedBlocksCount + `$result.FailedContainersCount)
"@
    $output = & dotnet pwsh -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { $_.ToString() }
    $counts = $null
    foreach ($line in $output) {
        if ($line -match '^PESTER-COUNTS (\d+) (\d+)$') { $counts = [pscustomobject]@{ Passed = [int]$Matches[1]; Failed = [int]$Matches[2] } }
        else { Write-Host $line }
    }
    if (-not $counts) { $counts = [pscustomobject]@{ Passed = 0; Failed = 1 } }
    $counts
}

function Install-BrowserTestPrerequisite {
    <#
    .SYNOPSIS
        The browser test (tests/AlloyShopifySlack.Tests/Setup/BrowserConsentTests.cs) drives Debian's headless
        Chromium. Installs chromium and chromium-driver with apt-get when they are missing and this is root on a
        machine with apt-get (once: later runs find them); otherwise says in one message what to install.
        Returns what it did: Present, Installed, Skipped or Missing.
    #>
    [CmdletBinding()]
    param(
        [string[]] $BrowserPaths = @($env:ALLOYPS_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'),
        [string[]] $DriverPaths = @($env:ALLOYPS_CHROMEDRIVER, '/usr/bin/chromedriver', '/usr/lib/chromium/chromedriver'),
        [bool] $IsRoot = ($IsLinux -and (& id -u) -eq '0'),
        [bool] $HasAptGet = [bool](Get-Command apt-get -CommandType Application -ErrorAction SilentlyContinue),
        # How apt-get is run (a test passes its own).
        [scriptblock] $AptGet = { param([string[]] $Arguments) & apt-get @Arguments | Write-Host; $LASTEXITCODE -eq 0 }
    )
    $packages = 'chromium', 'chromium-driver'
    $found = { param($paths) [bool]($paths | Where-Object { $_ -and (Test-Path -LiteralPath $_) } | Select-Object -First 1) }
    if ((& $found $BrowserPaths) -and (& $found $DriverPaths)) { return 'Present' }
    if ($env:ALLOYPS_SKIP_BROWSER_TESTS -eq '1') { return 'Skipped' }
    if ($IsRoot -and $HasAptGet) {
        Write-Host "== installing $($packages -join ' and ') for the browser test (apt-get, once)"
        $env:DEBIAN_FRONTEND = 'noninteractive'
        $installed = (& $AptGet @('update', '-qq')) -and (& $AptGet (@('install', '-y', '-qq', '--no-install-recommends') + $packages))
        if ($installed -and (& $found $BrowserPaths) -and (& $found $DriverPaths)) { return 'Installed' }
    }
    Write-Warning ("The browser test needs Debian's packages $($packages -join ' and '), which are not installed: " +
        "run 'sudo apt-get install -y $($packages -join ' ')' (build.ps1 test does it itself when run as root), point ALLOYPS_CHROMIUM and " +
        "ALLOYPS_CHROMEDRIVER at a Chromium and its ChromeDriver, or set ALLOYPS_SKIP_BROWSER_TESTS=1 to leave that one test out.")
    'Missing'
}

function New-ModuleHelp {
    param([string] $Root, [string] $ModuleBin)
    $generator = Join-Path $Root 'tools/New-MamlHelp.ps1'
    if (Test-Path $generator) { & $generator -Root $Root -ModuleBin $ModuleBin }
}

# Packaging (build.ps1 package): the module and its companion emulator module.
. (Join-Path $PSScriptRoot 'Packaging.ps1')
