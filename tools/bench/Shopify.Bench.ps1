<#
.SYNOPSIS
    Get-ShopifyOrder over every order of an emulator store with 1k and then 100k orders: orders/s, peak memory of
    the pwsh process running the cmdlet, and listOrders calls against the minimum ceil(N/250).
.DESCRIPTION
    Each run is a fresh pwsh child (so its peak working set is the cmdlet's alone) that imports the built module,
    reads every order with Get-ShopifyOrder (counted by Measure-Object, never collected) and reports its figures.
    The emulator runs with relaxed throttling (a restore rate so high that the cost bucket never makes anyone wait).
    A baseline child that only imports the module shows what the process weighs before any order is read.
    Figures are printed, not asserted.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [int[]] $OrderCounts = @(1000, 100000),
    [int] $TimeoutSeconds = 1800
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $Root 'tools/Emulator.psm1') -Force
. (Join-Path $PSScriptRoot 'BenchChild.ps1')
$manifest = Join-Path $Root 'AlloyShopifySlack.psd1'

$neutral = [System.IO.Path]::GetTempPath()
$baselineScript = @"
Set-Location '$neutral'
Import-Module '$manifest'
`$p = [System.Diagnostics.Process]::GetCurrentProcess(); `$p.Refresh()
@{ peak = `$p.PeakWorkingSet64; cpu = `$p.TotalProcessorTime.TotalSeconds } | ConvertTo-Json -Compress
"@
$readScript = @"
Set-Location '$neutral'
Import-Module '$manifest'
`$watch = [System.Diagnostics.Stopwatch]::StartNew()
`$count = (Get-ShopifyOrder -CreatedAfter '2000-01-01T00:00:00Z' | Measure-Object).Count
`$watch.Stop()
`$p = [System.Diagnostics.Process]::GetCurrentProcess(); `$p.Refresh()
@{ count = `$count; seconds = `$watch.Elapsed.TotalSeconds; peak = `$p.PeakWorkingSet64; cpu = `$p.TotalProcessorTime.TotalSeconds } | ConvertTo-Json -Compress
"@

$baseline = Invoke-Child $baselineScript @{}
Write-Host ("Baseline (pwsh + Import-Module, no orders): peak working set {0:N0} MB, {1:N2} CPU s" -f ($baseline.peak / 1MB), $baseline.cpu)
Write-Host ("Load average while measuring: {0}" -f $(if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg) } else { 'n/a' }))

$rows = foreach ($n in $OrderCounts) {
    $emulator = Start-AlloyEmulator -Root $Root -OrderCount $n -OrderDays 30 -RestoreRate 1000000000
    try {
        $environment = Get-AlloyEmulatorEnvironment -Emulator $emulator
        $before = Get-EmulatorCalls $emulator listOrders
        $run = Invoke-Child $readScript $environment
        $calls = (Get-EmulatorCalls $emulator listOrders) - $before
        $row = [pscustomobject]@{
            Orders          = $n
            Read            = [int]$run.count
            Seconds         = [math]::Round($run.seconds, 2)
            OrdersPerSecond = [math]::Round($run.count / [math]::Max($run.seconds, 0.001), 0)
            # CPU seconds of the pwsh child beyond start-up and Import-Module: steadier than wall time on a busy machine.
            ReadCpuSeconds  = [math]::Round($run.cpu - $baseline.cpu, 2)
            PeakWorkingSetMB = [math]::Round($run.peak / 1MB, 0)
            ListOrdersCalls = $calls
            MinimumCalls    = [math]::Ceiling($n / 250)
        }
        if ($row.Read -ne $n) { Write-Warning "Get-ShopifyOrder returned $($row.Read) orders of $n." }
        $row
    }
    finally { $emulator | Stop-AlloyEmulator }
}
$rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
