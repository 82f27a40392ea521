<#
.SYNOPSIS
    Follow-ups at scale on the emulator: 10,000 alerted orders over 5 channels, of which 1,000 then change (250 each
    cancelled, refunded, edited, fulfilled). For a run with no changes and for the run after the changes: listOrders
    calls, Slack calls by method, wall time of the follow-up pass, and the sync process's memory.
.DESCRIPTION
    The first sync (which posts the 10,000 alerts) is set-up and only reported. Every sync runs in a fresh pwsh child
    with -NoDigest; the emulator's Slack rate limit is off, so the figures are the sync's own cost, not Slack's floor
    (at Slack's one post per second per channel, 1,000 replies over 5 channels take at least 200 s). Figures are
    printed, not asserted.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [int] $Orders = 10000,
    [int] $Changes = 1000,
    [int] $TimeoutSeconds = 1800
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $Root 'tools/Emulator.psm1') -Force
. (Join-Path $PSScriptRoot 'BenchChild.ps1')
$manifest = Join-Path $Root 'AlloyShopifySlack.psd1'
$routes = "(New-OrderRoute 1000 C0VIPORDERS), (New-OrderRoute 2000 C0OPSTEAM01), (New-OrderRoute 5000 C0SALES0001), (New-OrderRoute 10000 C0FINANCE01)"
$totals = 750, 1500, 3000, 6000, 12000   # one channel each, through the routes

function Get-Calls($Emulator) {
    $calls = @{}
    foreach ($property in (Get-AlloyEmulatorStats -Emulator $Emulator).requests.PSObject.Properties) {
        if ($property.Name -match '^(shopify|slack)/(\w+)$') { $calls[$Matches[2]] = [int]$property.Value }
    }
    $calls
}

function Get-Delta([hashtable] $Before, [hashtable] $After, [string] $Action) { [int]$After[$Action] - [int]$Before[$Action] }

$state = Join-Path ([System.IO.Path]::GetTempPath()) ("alloy-followup-bench-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
# Memory: the process's peak working set, and what the managed heap holds after a full collection at the end.
$syncScript = @"
Import-Module '$manifest'
`$watch = [System.Diagnostics.Stopwatch]::StartNew()
`$r = Invoke-OrderSync -StatePath '$state' -NoDigest -ChannelRate 1000 -Quiet -LockTimeoutSeconds 5 -Route $routes
`$watch.Stop()
[GC]::Collect(); [GC]::WaitForPendingFinalizers()
`$process = [System.Diagnostics.Process]::GetCurrentProcess()
@{ seconds = `$watch.Elapsed.TotalSeconds; followUpSeconds = `$r.FollowUpDuration.TotalSeconds; sent = `$r.MessagesSent; updated = `$r.OrdersUpdated;
   followUps = `$r.FollowUps; alertsUpdated = `$r.AlertsUpdated; lookups = `$r.HistoryLookups; errors = @(`$r.Errors);
   peakMb = `$process.PeakWorkingSet64 / 1MB; heapMb = [GC]::GetTotalMemory(`$true) / 1MB } | ConvertTo-Json -Compress
"@

# A bucket that refills at once: the client paces by the cost status the answers report, and no wait should count here.
$emulator = Start-AlloyEmulator -Root $Root -OrderCount 0 -NoSlackRateLimit -RestoreRate 1000000000
try {
    # $Orders qualifying orders a second apart, ending a minute ago, the channels in turn.
    $start = [datetimeoffset]::UtcNow.AddSeconds(-$Orders - 60)
    $perTotal = [int]($Orders / $totals.Count)
    for ($i = 0; $i -lt $Orders; $i += $totals.Count * 50) {
        foreach ($n in 0..($totals.Count - 1)) {
            $body = @{ count = 50; total = $totals[$n]; test = $false; cancelled = $false; createdAt = $start.AddSeconds($i + $n * 50).ToString('o', [cultureinfo]::InvariantCulture) }
            $null = Invoke-RestMethod -Method Post -Uri "$($emulator.BaseUri)/_emulator/shopify/orders" -Body ($body | ConvertTo-Json) -ContentType 'application/json'
        }
    }
    $environment = Get-AlloyEmulatorEnvironment -Emulator $emulator

    $before = Get-Calls $emulator
    $setup = Invoke-Child $syncScript $environment
    Write-Host ("Set-up: {0:N0} alerts posted over 5 channels in {1:N1} s (not part of the figures)" -f $setup.sent, $setup.seconds)

    function Measure-Run([string] $Label) {
        $callsBefore = Get-Calls $emulator
        $run = Invoke-Child $syncScript $environment
        $callsAfter = Get-Calls $emulator
        $slack = 'chat_postMessage', 'chat_update', 'conversations_history', 'conversations_replies' | ForEach-Object { "{0} {1}" -f $_, (Get-Delta $callsBefore $callsAfter $_) }
        Write-Host ("{0}: {1:N0} updated orders read, {2} replies, {3} alerts updated, {4} new alerts; listOrders calls {5}; Slack: {6}" -f $Label,
            $run.updated, $run.followUps, $run.alertsUpdated, $run.sent, (Get-Delta $callsBefore $callsAfter 'listOrders'), ($slack -join ', '))
        Write-Host ("  wall time {0:N2} s, of which the follow-up pass {1:N2} s; memory: peak working set {2:N0} MB, managed heap after the run {3:N1} MB{4}" -f
            $run.seconds, $run.followUpSeconds, $run.peakMb, $run.heapMb, $(if ($run.errors) { "; errors: " + ($run.errors -join ' | ') } else { '' }))
        $run
    }

    $quiet = Measure-Run 'No changes'
    # $Changes orders spread over the store, a quarter each cancelled, refunded, edited, fulfilled.
    $step = [int]($Orders / $Changes)
    $kinds = 'cancel', 'refund', 'edit', 'fulfill'
    for ($k = 0; $k -lt $Changes; $k++) {
        $number = 1001 + $k * $step
        $body = if ($kinds[$k % 4] -eq 'edit') { @{ total = 480 } } else { @{} }
        $null = Invoke-RestMethod -Method Post -Uri "$($emulator.BaseUri)/_emulator/shopify/orders/$number/$($kinds[$k % 4])" -Body ($body | ConvertTo-Json) -ContentType 'application/json'
    }
    $changed = Measure-Run "$Changes changed"
    $again = Measure-Run 'Rerun'
    Write-Host ("Memory against the run with no changes: peak {0:+0;-0;0} MB, heap {1:+0.0;-0.0;0.0} MB" -f ($changed.peakMb - $quiet.peakMb), ($changed.heapMb - $quiet.heapMb))
    $replies = @(Get-AlloyEmulatorMessages -Emulator $emulator | Where-Object { $_.PSObject.Properties['thread_ts'] -and $_.thread_ts -ne $_.ts }).Count
    Write-Host ("Slack holds {0:N0} thread replies for {1:N0} changes (the rerun added {2})" -f $replies, $Changes, $again.followUps)
}
finally {
    $emulator | Stop-AlloyEmulator
    if (Test-Path $state) { Remove-Item $state -Recurse -Force -ErrorAction SilentlyContinue }
}
