<#
.SYNOPSIS
    Runs the benchmarks: Import-Module time here, then every tools/bench/*.Bench.ps1 (each prints its own figures).
    Figures are printed, never asserted: speed is measured here, not in tests.
.PARAMETER Name
    Runs only the benchmark files whose name contains this text (for example Shopify).
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [string] $Configuration = 'Release',
    [string] $Name
)
$ErrorActionPreference = 'Stop'

function Measure-ImportModule {
    param([int] $Runs = 5)
    $manifest = Join-Path $Root 'AlloyShopifySlack.psd1'
    $script = "`$w = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$manifest'; `$w.Elapsed.TotalMilliseconds"
    $times = foreach ($i in 1..$Runs) { [double](& dotnet pwsh -NoProfile -NonInteractive -Command $script | Select-Object -Last 1) }
    $sorted = $times | Sort-Object
    [pscustomobject]@{
        Benchmark = 'Import-Module (fresh pwsh each run)'
        Runs      = $Runs
        MedianMs  = [math]::Round($sorted[[int][math]::Floor($Runs / 2)], 1)
        MinMs     = [math]::Round($sorted[0], 1)
        MaxMs     = [math]::Round($sorted[-1], 1)
    }
}

if (-not $Name -or 'Import' -like "*$Name*") {
    Write-Host '== Import-Module'
    Measure-ImportModule | Format-List | Out-String | Write-Host
}

foreach ($bench in Get-ChildItem (Join-Path $Root 'tools/bench') -Filter '*.Bench.ps1' | Sort-Object Name) {
    if ($Name -and $bench.Name -notlike "*$Name*") { continue }
    Write-Host "== $($bench.BaseName)"
    & $bench.FullName -Root $Root
}
