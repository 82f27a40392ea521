<#
.SYNOPSIS
    Invoke-OrderSync on the emulator: 10k orders, 1k alerts over 5 channels — wall time against the Slack rate-limit
    floor; a rerun with nothing new (listOrders calls per 250 orders in the overlap window, posts); what the ledger
    costs per alert (time and bytes).
.DESCRIPTION
    The emulator's Slack allows -SlackRate messages per second per channel with a burst of -SlackBurst, so posting
    N alerts to one channel cannot take less than (N - burst) / rate seconds: that is the floor. The sync runs in a
    fresh pwsh child with -NoDigest and -ChannelRate equal to the emulator's rate. The ledger figures come from a
    second child that drives the ledger directly: 1,000 alerts, each an intent and a settlement (fsynced), then a
    compaction. Figures are printed, not asserted.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [int] $Orders = 10000,
    [int] $Alerts = 1000,
    [double] $SlackRate = 10,
    [int] $SlackBurst = 5,
    [int] $TimeoutSeconds = 1800
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $Root 'tools/Emulator.psm1') -Force
. (Join-Path $PSScriptRoot 'BenchChild.ps1')
$manifest = Join-Path $Root 'AlloyShopifySlack.psd1'
$channels = 'C0ALERTS001', 'C0VIPORDERS', 'C0OPSTEAM01', 'C0SALES0001', 'C0FINANCE01'
$totals = 750, 1500, 3000, 6000, 12000          # one per channel, through the routes below
$routes = "(New-OrderRoute 1000 C0VIPORDERS), (New-OrderRoute 2000 C0OPSTEAM01), (New-OrderRoute 5000 C0SALES0001), (New-OrderRoute 10000 C0FINANCE01)"

# A qualifying order must be neither test nor cancelled (the sample store makes some of each at random).
function Add-PlainOrder($Emulator, [int] $Count, [decimal] $Total, [Nullable[datetimeoffset]] $CreatedAt) {
    $body = @{ count = $Count; total = $Total; test = $false; cancelled = $false }
    if ($CreatedAt) { $body.createdAt = $CreatedAt.ToUniversalTime().ToString('o', [cultureinfo]::InvariantCulture) }
    $null = Invoke-RestMethod -Method Post -Uri "$($Emulator.BaseUri)/_emulator/shopify/orders" -Body ($body | ConvertTo-Json) -ContentType 'application/json'
}

$state = Join-Path ([System.IO.Path]::GetTempPath()) ("alloy-sync-bench-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
$syncScript = @"
Import-Module '$manifest'
`$watch = [System.Diagnostics.Stopwatch]::StartNew()
`$r = Invoke-OrderSync -StatePath '$state' -NoDigest -ChannelRate $SlackRate -Quiet -LockTimeoutSeconds 5 -Route $routes
`$watch.Stop()
@{ seconds = `$watch.Elapsed.TotalSeconds; fetched = `$r.OrdersFetched; highValue = `$r.HighValueOrders; sent = `$r.MessagesSent;
   duplicates = `$r.DuplicatesSkipped; failed = `$r.Failed; errors = @(`$r.Errors); since = `$r.Since.ToString('o'); checkpoint = `$r.Checkpoint.ToString('o') } | ConvertTo-Json -Compress
"@

$emulator = Start-AlloyEmulator -Root $Root -OrderCount 0 -SlackRate $SlackRate -SlackBurst $SlackBurst -RestoreRate 1000000000
try {
    # $Orders orders a second apart ending a minute ago; every ($Orders / $Alerts)th is high-value, the channels in turn.
    $start = [datetimeoffset]::UtcNow.AddSeconds(-$Orders - 60)
    $step = [int]($Orders / $Alerts)
    $created = @{}
    for ($i = 0; $i -lt $Alerts; $i++) {
        $at = $start.AddSeconds($i * $step)
        Add-PlainOrder $emulator -Count ($step - 1) -CreatedAt $at -Total 120
        Add-PlainOrder $emulator -Count 1 -CreatedAt $at.AddSeconds($step - 1) -Total $totals[$i % 5]
    }
    $environment = Get-AlloyEmulatorEnvironment -Emulator $emulator
    $perChannel = [math]::Ceiling($Alerts / $channels.Count)
    $floor = [math]::Max(0, $perChannel - $SlackBurst) / $SlackRate

    $listBefore = Get-EmulatorCalls $emulator 'listOrders'
    $postBefore = Get-EmulatorCalls $emulator 'chat_postMessage'
    $first = Invoke-Child $syncScript $environment
    $firstLists = (Get-EmulatorCalls $emulator 'listOrders') - $listBefore
    $firstPosts = (Get-EmulatorCalls $emulator 'chat_postMessage') - $postBefore
    $stored = @(Get-AlloyEmulatorMessages -Emulator $emulator)
    $messages = $stored.Count
    $stamps = $stored | ForEach-Object { [double]::Parse($_.ts, [cultureinfo]::InvariantCulture) } | Measure-Object -Minimum -Maximum
    $postingSpan = $stamps.Maximum - $stamps.Minimum

    $listBefore = Get-EmulatorCalls $emulator 'listOrders'
    $postBefore = Get-EmulatorCalls $emulator 'chat_postMessage'
    $rerun = Invoke-Child $syncScript $environment
    $rerunLists = (Get-EmulatorCalls $emulator 'listOrders') - $listBefore
    $rerunPosts = (Get-EmulatorCalls $emulator 'chat_postMessage') - $postBefore
    $inWindow = [int](([datetimeoffset]$first.checkpoint - [datetimeoffset]$rerun.since).TotalSeconds) + 1   # orders are a second apart
    $files = Get-ChildItem $state -File

    Write-Host ("First sync: {0:N0} orders read, {1:N0} high-value, {2:N0} messages posted over {3} channels ({4:N0} in Slack), {5} failed" -f $first.fetched, $first.highValue, $first.sent, $channels.Count, $messages, $first.failed)
    Write-Host ("  wall time {0:N1} s against a rate-limit floor of {1:N1} s ({2} alerts per channel, {3}/s, burst {4}): {5:P0} of the floor" -f $first.seconds, $floor, $perChannel, $SlackRate, $SlackBurst, ($first.seconds / [math]::Max($floor, 0.001)))
    Write-Host ("  posting (first to last message in Slack) {0:N1} s; the rest is start-up, verification and reading {1:N0} orders" -f $postingSpan, $first.fetched)
    Write-Host ("  listOrders calls {0} (minimum ceil({1:N0}/250) = {2}), chat_postMessage calls {3}" -f $firstLists, $first.fetched, [math]::Ceiling($first.fetched / 250), $firstPosts)
    Write-Host ("Rerun with nothing new: {0:N1} s, {1} orders read from the overlap window ({2} expected), listOrders calls {3} (ceil({1}/250) = {4}), posts {5}, duplicates skipped {6}" -f $rerun.seconds, $rerun.fetched, $inWindow, $rerunLists, [math]::Ceiling([math]::Max(1, $rerun.fetched) / 250), $rerunPosts, $rerun.duplicates)
    Write-Host ("State on disk after both runs: " + (($files | ForEach-Object { "{0} {1:N0} bytes" -f $_.Extension, $_.Length }) -join ', '))
}
finally {
    $emulator | Stop-AlloyEmulator
    if (Test-Path $state) { Remove-Item $state -Recurse -Force -ErrorAction SilentlyContinue }
}

# The ledger alone: what each alert costs (the intent fsynced, the settlement flushed), and a compaction.
$ledgerState = Join-Path ([System.IO.Path]::GetTempPath()) ("alloy-ledger-bench-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
$ledgerScript = @"
Import-Module '$manifest'
function Measure-Ledger([bool] `$durable, [string] `$folder) {
    `$paths = [AlloyShopifySlack.Sync.Ledger.LedgerPaths]::new(`$folder, '68b021e6a1b8a02f5babb6bb', '075c08720e664c252e096609')
    `$options = [AlloyShopifySlack.Sync.Ledger.FileLedgerOptions]@{ CompactAfterRecords = [int]::MaxValue; CompactAfterBytes = [long]::MaxValue; Durable = `$durable }
    `$ledger = [AlloyShopifySlack.Sync.Ledger.FileOrderLedger]::OpenAsync(`$paths, `$options, [AlloyShopifySlack.Common.SystemClock]::Instance, [System.Threading.CancellationToken]::None).GetAwaiter().GetResult()
    `$now = [datetimeoffset]::UtcNow
    `$pending = foreach (`$i in 1..$Alerts) {
        [AlloyShopifySlack.Sync.Ledger.LedgerEntry]@{ OrderId = "gid://shopify/Order/`$(5000000000 + `$i)"; OrderName = "#`$(1000 + `$i)"; CreatedAt = `$now; Total = 1234.56;
            Currency = 'USD'; Channel = 'C0ALERTS001'; Status = 'Pending'; IntentAt = `$now; UpdatedAt = `$now }
    }
    `$sent = foreach (`$e in `$pending) { `$e.With({ param(`$b) `$b.Status = 'Sent'; `$b.Ts = '1795815769.129660' }) }
    `$watch = [System.Diagnostics.Stopwatch]::StartNew()
    for (`$i = 0; `$i -lt `$pending.Count; `$i++) {
        [AlloyShopifySlack.Sync.Ledger.OrderLedgerExtensions]::Put(`$ledger, `$pending[`$i], `$true)
        [AlloyShopifySlack.Sync.Ledger.OrderLedgerExtensions]::Put(`$ledger, `$sent[`$i], `$false)
    }
    `$watch.Stop()
    `$journal = `$ledger.JournalBytesWritten
    `$compact = [System.Diagnostics.Stopwatch]::StartNew(); `$ledger.Compact(`$true); `$compact.Stop()
    `$snapshot = (Get-Item `$paths.Snapshot).Length
    `$ledger.Dispose()
    `$reopen = [System.Diagnostics.Stopwatch]::StartNew(); `$l2 = [AlloyShopifySlack.Sync.Ledger.FileOrderLedger]::OpenReadOnly(`$paths); `$reopen.Stop()
    @{ ms = `$watch.Elapsed.TotalMilliseconds; journal = `$journal; compactMs = `$compact.Elapsed.TotalMilliseconds; snapshot = `$snapshot; loadMs = `$reopen.Elapsed.TotalMilliseconds; count = `$l2.Entries.Count }
}
`$durable = Measure-Ledger `$true (Join-Path '$ledgerState' 'durable')
`$relaxed = Measure-Ledger `$false (Join-Path '$ledgerState' 'relaxed')
@{ durable = `$durable; relaxed = `$relaxed } | ConvertTo-Json -Compress -Depth 3
"@
try {
    $figures = Invoke-Child $ledgerScript @{}
    $ledger = $figures.durable
    Write-Host ("Ledger per alert (intent fsynced + settlement flushed): {0:N3} ms and {1:N0} journal bytes ({2:N0} alerts in {3:N0} ms)" -f ($ledger.ms / $Alerts), ($ledger.journal / $Alerts), $Alerts, $ledger.ms)
    Write-Host ("  the same without any fsync (what the disk's flush costs, not the code): {0:N3} ms per alert" -f ($figures.relaxed.ms / $Alerts))
    Write-Host ("  compaction of {0:N0} entries: {1:N1} ms, snapshot {2:N0} bytes ({3:N0} bytes per entry); loading it back: {4:N1} ms" -f $ledger.count, $ledger.compactMs, $ledger.snapshot, ($ledger.snapshot / $ledger.count), $ledger.loadMs)
}
finally {
    if (Test-Path $ledgerState) { Remove-Item $ledgerState -Recurse -Force -ErrorAction SilentlyContinue }
}
