<#
.SYNOPSIS
    The Alloy client's cost per call and how fast Ctrl+C ends a request that hangs.
.DESCRIPTION
    1. Round trip: N x Get-AlloyConnector through the module (one connection, one reused HttpClient) against the
       emulator, next to N x Invoke-RestMethod on the same endpoint: the module's overhead per call.
    2. Ctrl+C: Get-AlloyConnector waits on an emulator answering after 30 s; PowerShell.Stop() is timed from the
       moment the request is in flight until the pipeline has stopped (median of several runs).
    Figures are printed, not asserted.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [int] $Calls = 300,
    [int] $StopRuns = 5
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $Root 'tools/Emulator.psm1') -Force
Import-Module (Join-Path $Root 'AlloyShopifySlack.psd1') -Force

function Get-Median([double[]] $Values) { $sorted = $Values | Sort-Object; $sorted[[int][math]::Floor($sorted.Count / 2)] }

$emu = Start-AlloyEmulator -OrderCount 10 -NoThrottling
try {
    $connection = Connect-Alloy -ApiKey $emu.ApiKey -BaseUri $emu.BaseUri -UserId $emu.UserId -NoSession
    $headers = @{ Authorization = "Bearer $($emu.ApiKey)"; 'x-api-version' = '2025-09' }
    $null = Get-AlloyConnector -Connection $connection; $null = Invoke-RestMethod "$($emu.BaseUri)/connectors" -Headers $headers   # warm up

    $module = [Diagnostics.Stopwatch]::StartNew()
    foreach ($i in 1..$Calls) { $null = Get-AlloyConnector -Connection $connection }
    $module.Stop()
    $raw = [Diagnostics.Stopwatch]::StartNew()
    foreach ($i in 1..$Calls) { $null = Invoke-RestMethod "$($emu.BaseUri)/connectors" -Headers $headers }
    $raw.Stop()
    [pscustomobject]@{
        Benchmark            = "Round trip, $Calls calls to GET /connectors on loopback"
        ModuleMsPerCall      = [math]::Round($module.Elapsed.TotalMilliseconds / $Calls, 2)
        InvokeRestMethodMsPerCall = [math]::Round($raw.Elapsed.TotalMilliseconds / $Calls, 2)
    } | Format-List | Out-String | Write-Host

    $null = Set-AlloyEmulatorConfig -Emulator $emu @{ latencyMs = 30000 }
    $state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
    $state.ImportPSModule((Join-Path $Root 'AlloyShopifySlack.psd1'))
    $runspace = [runspacefactory]::CreateRunspace($state)
    $runspace.Open()
    $stops = foreach ($run in 1..$StopRuns) {
        $before = (Get-AlloyEmulatorStats -Emulator $emu).requests.'GET /connectors'
        $shell = [powershell]::Create()
        $shell.Runspace = $runspace
        $null = $shell.AddScript('Get-AlloyConnector -Connection $args[0]').AddArgument($connection)
        $async = $shell.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while ((Get-AlloyEmulatorStats -Emulator $emu).requests.'GET /connectors' -le $before -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $shell.Stop()
        $watch.Stop()
        if (-not $async.IsCompleted) { throw 'The pipeline did not stop.' }
        $shell.Dispose()
        $watch.Elapsed.TotalMilliseconds
    }
    $runspace.Dispose()
    [pscustomobject]@{
        Benchmark      = "Ctrl+C (PowerShell.Stop) during a request the server holds for 30 s, $StopRuns runs"
        MedianStopMs   = [math]::Round((Get-Median $stops), 1)
        MaxStopMs      = [math]::Round(($stops | Measure-Object -Maximum).Maximum, 1)
    } | Format-List | Out-String | Write-Host
}
finally {
    $emu | Stop-AlloyEmulator
}
