#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests, demonstrates, benchmarks and packages AlloyShopifySlack.
.DESCRIPTION
    Tasks:
      build     compile the module into module/bin (and generate its help)
      test      build, install the browser test's Chromium when root with apt-get, run xunit, then Pester against the
                built module; ends with "N passed, N failed"
      demo      build, start the Alloy emulator on loopback, run the job against it, stop the emulator
      bench     build, run the benchmarks against the emulator and print the figures
      package   build and lay out out/AlloyShopifySlack/<version> ready for the PowerShell Gallery (PS 7.4+ and 5.1),
                and out/AlloyShopifySlack.Emulator/<version>, the emulator as a module users rehearse with offline
      bootstrap the guided set-up (Initialize-AlloyShopifySlack) against the real service or ALLOY_BASE_URL
      format    apply the mechanical house style (dotnet format, lines <= 140); "format -Check" reports and fails, writing nothing
      clean     remove build output
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'demo', 'bench', 'package', 'bootstrap', 'format', 'clean')]
    [string] $Task = 'build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # format: report what would change and fail, writing nothing.
    [switch] $Check,
    # Extra arguments for the task (for example a Pester tag filter or a benchmark name).
    [Parameter(ValueFromRemainingArguments)]
    [string[]] $Rest
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$Root = $PSScriptRoot
$ModuleBin = Join-Path $Root 'module/bin'
$ModuleProject = Join-Path $Root 'src/AlloyShopifySlack/AlloyShopifySlack.csproj'
$EmulatorProject = Join-Path $Root 'src/AlloyShopifySlack.Emulator/AlloyShopifySlack.Emulator.csproj'
$TestProject = Join-Path $Root 'tests/AlloyShopifySlack.Tests/AlloyShopifySlack.Tests.csproj'

. (Join-Path $Root 'tools/BuildHelpers.ps1')
. (Join-Path $Root 'tools/Format.ps1')

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Write-Host "== build ($Configuration)"
    if (Test-Path $ModuleBin) { Remove-Item $ModuleBin -Recurse -Force }
    # publish (not build) so that the dependencies Windows PowerShell 5.1 needs are laid out next to the dll.
    Invoke-Native dotnet @('publish', $ModuleProject, '-c', $Configuration, '-o', $ModuleBin, '--nologo', '-v', 'quiet')
    Invoke-Native dotnet @('build', $EmulatorProject, '-c', $Configuration, '--nologo', '-v', 'quiet')
    New-ModuleHelp -Root $Root -ModuleBin $ModuleBin
}

function Install-PostgreSql {
    # The tests start a real PostgreSQL server of their own (initdb/pg_ctl in a temporary folder, on loopback): they
    # need Debian's server binaries, not a running service.
    $initdb = @(Get-ChildItem '/usr/lib/postgresql/*/bin/initdb' -ErrorAction SilentlyContinue)
    if ($initdb) { Write-Host "== PostgreSQL: $($initdb[-1].FullName)"; return }
    if (-not $IsLinux -or -not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        Write-Warning 'The PostgreSQL tests need initdb and pg_ctl under /usr/lib/postgresql/*/bin (Debian''s postgresql package); install PostgreSQL''s server binaries, or those tests fail.'
        return
    }
    if ((& id -u) -ne '0') {
        Write-Warning 'The PostgreSQL tests need Debian''s postgresql package: run "sudo apt-get install -y postgresql", or those tests fail.'
        return
    }
    Write-Host '== PostgreSQL: installing Debian''s postgresql package'
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get @('update', '-qq')
    Invoke-Native apt-get @('install', '-y', '-qq', '--no-install-recommends', 'postgresql')
}

function Invoke-Test {
    Install-PostgreSql
    Invoke-Build
    $null = Install-BrowserTestPrerequisite
    $results = Join-Path $Root 'out/test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Path $results -Force | Out-Null

    Write-Host '== xunit'
    & dotnet test $TestProject -c $Configuration --nologo --logger "trx;LogFileName=xunit.trx" --results-directory $results
    $xunitExit = $LASTEXITCODE
    $xunit = Get-TrxCounts -Path (Join-Path $results 'xunit.trx')

    Write-Host '== Pester'
    $pester = Invoke-PesterSuite -Root $Root

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $failed++ }   # a crash of the runner counts as a failure
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

switch ($Task) {
    'build' { Invoke-Build }
    'test' { Invoke-Test }
    'demo' { Invoke-Build; & (Join-Path $Root 'tools/Demo.ps1') -Root $Root -Configuration $Configuration }
    'bench' { Invoke-Build; & (Join-Path $Root 'tools/Bench.ps1') -Root $Root -Configuration $Configuration -Name ($Rest | Select-Object -First 1) }
    'package' { Invoke-Build; $null = New-ModulePackage -Root $Root -ModuleBin $ModuleBin; $null = New-EmulatorPackage -Root $Root -Configuration $Configuration }
    'bootstrap' { Invoke-Build; Import-Module (Join-Path $Root 'AlloyShopifySlack.psd1') -Force; Initialize-AlloyShopifySlack }
    'format' { Invoke-SourceFormat -Root $Root -Check:$Check }
    'clean' {
        foreach ($path in @($ModuleBin, (Join-Path $Root 'out'), (Join-Path $Root 'en-US'))) { if (Test-Path $path) { Remove-Item $path -Recurse -Force } }
        Invoke-Native dotnet @('clean', (Join-Path $Root 'AlloyPs.sln'), '--nologo', '-v', 'quiet')
    }
}
