# Helpers for build.ps1: test result counting, Pester, help generation, packaging.

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

function New-ModuleHelp {
    param([string] $Root, [string] $ModuleBin)
    $generator = Join-Path $Root 'tools/New-MamlHelp.ps1'
    if (Test-Path $generator) { & $generator -Root $Root -ModuleBin $ModuleBin }
}

function New-ModulePackage {
    param([string] $Root, [string] $ModuleBin)
    $manifest = Import-PowerShellDataFile (Join-Path $Root 'AlloyShopifySlack.psd1')
    $target = Join-Path $Root "out/AlloyShopifySlack/$($manifest.ModuleVersion)"
    if (Test-Path $target) { Remove-Item $target -Recurse -Force }
    New-Item -ItemType Directory -Path $target -Force | Out-Null
    Copy-Item -Recurse (Join-Path $Root 'module') (Join-Path $target 'module')
    Get-ChildItem (Join-Path $target 'module/bin') -Filter '*.pdb' | Remove-Item
    Copy-Item -Recurse (Join-Path $Root 'en-US') (Join-Path $target 'en-US')
    Copy-Item (Join-Path $Root 'AlloyShopifySlack.psd1'), (Join-Path $Root 'README.md') $target
    Write-Host "Package laid out in $target"
}
