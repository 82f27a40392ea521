<#
.SYNOPSIS
    Many tenants: 200 tenants x 50 orders (10 qualifying each) on the emulator with 50 ms latency on every Alloy call,
    the state in PostgreSQL: wall time at -ThrottleLimit 1, 4 and 16 against the floor, Alloy calls per tenant; then
    what the ledger costs per alert, file store against PostgreSQL.
.DESCRIPTION
    Every tenant is its own Alloy user with its own credentials and channel; they share the emulator's one store, so
    each sees the same 50 orders. A fresh database per run makes every tenant alert its 10 orders again. The floor of
    one tenant is its calls one after another (the shop, one page of orders) plus its channel's pacing (10 posts at
    -ChannelRate, each at least one latency); tenants overlap -ThrottleLimit at a time, so the run's floor is
    ceil(tenants / limit) tenant floors. The emulator has one Slack workspace for every tenant, and the tenants of one
    workspace share its limit (8 channels served at once), so above 8 the floor is at least ceil(tenants / 8) postings. The ledger figures come from a child that drives each store directly: 500
    alerts, each an intent (durable) and a settlement. PostgreSQL runs here with fsync on. Figures are printed, not asserted.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [int] $Tenants = 200,
    [int] $Orders = 50,
    [int] $Qualifying = 10,
    [int] $LatencyMs = 50,
    [double] $ChannelRate = 10,
    [int[]] $ThrottleLimits = @(1, 4, 16),
    [int] $LedgerAlerts = 500,
    [int] $TimeoutSeconds = 1800
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $Root 'tools/Emulator.psm1') -Force
. (Join-Path $PSScriptRoot 'BenchChild.ps1')
$manifest = Join-Path $Root 'AlloyShopifySlack.psd1'
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("alloy-tenants-bench-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work -Force | Out-Null

# A PostgreSQL server of our own in $work (as the tests start one), fsync on: what a real server costs per commit.
function Invoke-Pg([string] $Tool, [string[]] $Arguments) {
    $path = Join-Path $script:PgBin $Tool
    if ((& id -u) -eq '0') { & runuser -u postgres -- $path @Arguments } else { & $path @Arguments }
    if ($LASTEXITCODE -ne 0) { throw "$Tool failed (exit $LASTEXITCODE)." }
}

function Start-BenchPostgres {
    $initdb = @(Get-ChildItem '/usr/lib/postgresql/*/bin/initdb' -ErrorAction SilentlyContinue | Sort-Object FullName)[-1]
    if (-not $initdb) { throw 'No PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb): build.ps1 test installs them.' }
    $script:PgBin = $initdb.DirectoryName
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $script:PgData = Join-Path $work 'pg'
    if ((& id -u) -eq '0') { & chown -R postgres $work }
    Invoke-Pg initdb @('-D', $script:PgData, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-instructions') | Out-Null
    Invoke-Pg pg_ctl @('-D', $script:PgData, '-l', (Join-Path $work 'pg.log'), '-o', "-p $port -k $work -c listen_addresses=127.0.0.1 -c max_connections=200", '-w', 'start') | Out-Null
    [pscustomobject]@{ Port = $port }
}

function Stop-BenchPostgres { if ($script:PgData) { Invoke-Pg pg_ctl @('-D', $script:PgData, '-m', 'fast', '-w', 'stop') | Out-Null } }

function New-BenchDatabase($Server, [string] $Name) {
    & (Join-Path $script:PgBin 'psql') -h 127.0.0.1 -p $Server.Port -U postgres -q -c "CREATE DATABASE $Name" | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "Could not create the database $Name." }
    "Host=127.0.0.1;Port=$($Server.Port);Username=postgres;Database=$Name"
}

$server = Start-BenchPostgres
$emulator = Start-AlloyEmulator -Root $Root -OrderCount 0 -LatencyMs $LatencyMs -SlackRate $ChannelRate -SlackBurst 5 -RestoreRate 1000000000
try {
    # The tenants, each with a channel of its own, and the CSV a runner reads them from.
    $rows = foreach ($i in 1..$Tenants) {
        $t = Invoke-RestMethod -Method Post -Uri "$($emulator.BaseUri)/_emulator/tenants" -Body (@{ username = "bench-merchant-$i" } | ConvertTo-Json) -ContentType 'application/json'
        $channel = 'C0B{0:D6}X' -f $i
        $null = Invoke-RestMethod -Method Post -Uri "$($emulator.BaseUri)/_emulator/slack/channels" -Body (@{ id = $channel; name = "bench-$i" } | ConvertTo-Json) -ContentType 'application/json'
        [pscustomobject]@{ UserId = $t.userId; ShopifyCredentialId = $t.shopifyCredentialId; SlackCredentialId = $t.slackCredentialId; Channel = $channel }
    }
    $csv = Join-Path $work 'tenants.csv'
    $rows | Export-Csv -Path $csv -NoTypeInformation
    $at = [datetimeoffset]::UtcNow.AddMinutes(-30).ToString('o', [cultureinfo]::InvariantCulture)
    foreach ($batch in @(@{ count = $Orders - $Qualifying; total = 120 }, @{ count = $Qualifying; total = 900 })) {
        $body = $batch + @{ test = $false; cancelled = $false; createdAt = $at }
        $null = Invoke-RestMethod -Method Post -Uri "$($emulator.BaseUri)/_emulator/shopify/orders" -Body ($body | ConvertTo-Json) -ContentType 'application/json'
    }
    $environment = @{ ALLOY_BASE_URL = $emulator.BaseUri; ALLOY_API_KEY = $emulator.ApiKey }

    $postingFloor = [math]::Max(0, $Qualifying - 1) * [math]::Max(1 / $ChannelRate, $LatencyMs / 1000) + $LatencyMs / 1000
    $perTenantFloor = 2 * $LatencyMs / 1000 + $postingFloor
    Write-Host ("{0} tenants x {1} orders ({2} qualifying each), {3} ms latency per Alloy call, -ChannelRate {4}; one tenant's floor {5:N2} s" -f $Tenants, $Orders, $Qualifying, $LatencyMs, $ChannelRate, $perTenantFloor)
    $runs = foreach ($limit in $ThrottleLimits) {
        $store = New-BenchDatabase $server "bench_t$limit"
        $script = "Import-Module '$manifest'; `$w = [Diagnostics.Stopwatch]::StartNew(); " +
                  "`$s = Import-Csv '$csv' | Invoke-OrderSync -StateConnectionString '$store' -ThrottleLimit $limit -Quiet -NoDigest -ChannelRate $ChannelRate | Where-Object { `$_.PSObject.TypeNames[0] -eq 'AlloyShopifySlack.OrderSyncSummary' }; " +
                  "@{ seconds = `$w.Elapsed.TotalSeconds; synced = `$s.Synced; failed = `$s.Failed; sent = `$s.MessagesSent } | ConvertTo-Json -Compress"
        $callsBefore = Get-EmulatorCalls $emulator
        $r = Invoke-Child $script $environment
        $calls = (Get-EmulatorCalls $emulator) - $callsBefore
        # One workspace: at most 8 tenants' channels post at once (their reads overlap freely).
        $floor = [math]::Max([math]::Ceiling($Tenants / $limit) * $perTenantFloor, [math]::Ceiling($Tenants / 8) * $postingFloor)
        Write-Host ("  -ThrottleLimit {0,2}: {1,7:N1} s (floor {2,6:N1} s, {3,4:P0} of it); {4} synced, {5} failed, {6} messages; {7:N1} Alloy calls per tenant" -f $limit, $r.seconds, $floor, ($r.seconds / $floor), $r.synced, $r.failed, $r.sent, ($calls / $Tenants))
        [pscustomobject]@{ Limit = $limit; Seconds = $r.seconds }
    }
    $folder = Join-Path $work 'files'
    $fileRun = Invoke-Child ("Import-Module '$manifest'; `$w = [Diagnostics.Stopwatch]::StartNew(); `$null = Import-Csv '$csv' | Invoke-OrderSync -StatePath '$folder' -ThrottleLimit $($ThrottleLimits[-1]) -Quiet -NoDigest -ChannelRate $ChannelRate; @{ seconds = `$w.Elapsed.TotalSeconds } | ConvertTo-Json -Compress") $environment
    Write-Host ("  the same at -ThrottleLimit {0} with the state folder instead: {1:N1} s" -f $ThrottleLimits[-1], $fileRun.seconds)

    # The ledger alone: an intent (durable) and a settlement per alert, on each store.
    $ledgerDb = New-BenchDatabase $server 'bench_ledger'
    $ledgerScript = @"
Import-Module '$manifest'
function Measure-Store([string] `$connection, [string] `$folder) {
    `$settings = [AlloyShopifySlack.Sync.Ledger.StateStoreSettings]@{ ConnectionString = `$connection; Directory = `$folder }
    `$store = [AlloyShopifySlack.Sync.Ledger.LedgerStores]::Create(`$settings)
    `$key = [AlloyShopifySlack.Sync.Ledger.LedgerKey]::new('68b021e6a1b8a02f5babb6bb', '075c08720e664c252e096609')
    `$ledger = `$store.OpenAsync(`$key, [AlloyShopifySlack.Sync.Ledger.LedgerOpenOptions]::new(), [Threading.CancellationToken]::None).GetAwaiter().GetResult()
    `$now = [datetimeoffset]::UtcNow
    `$pending = foreach (`$i in 1..$LedgerAlerts) { [AlloyShopifySlack.Sync.Ledger.LedgerEntry]@{ OrderId = "gid://shopify/Order/`$(5000000000 + `$i)"; OrderName = "#`$(1000 + `$i)"; CreatedAt = `$now; Total = 1234.56; Currency = 'USD'; Channel = 'C0ALERTS001'; Status = 'Pending'; IntentAt = `$now; UpdatedAt = `$now } }
    `$sent = foreach (`$e in `$pending) { `$e.With({ param(`$b) `$b.Status = 'Sent'; `$b.Ts = '1795815769.129660' }) }
    `$w = [Diagnostics.Stopwatch]::StartNew()
    for (`$i = 0; `$i -lt `$pending.Count; `$i++) {
        [AlloyShopifySlack.Sync.Ledger.OrderLedgerExtensions]::Put(`$ledger, `$pending[`$i], `$true)
        [AlloyShopifySlack.Sync.Ledger.OrderLedgerExtensions]::Put(`$ledger, `$sent[`$i], `$false)
    }
    `$w.Stop(); `$ledger.Dispose()
    `$open = [Diagnostics.Stopwatch]::StartNew(); `$again = `$store.OpenAsync(`$key, [AlloyShopifySlack.Sync.Ledger.LedgerOpenOptions]::new(), [Threading.CancellationToken]::None).GetAwaiter().GetResult(); `$open.Stop()
    `$count = `$again.Entries.Count; `$again.Dispose(); `$store.Dispose()
    @{ ms = `$w.Elapsed.TotalMilliseconds; openMs = `$open.Elapsed.TotalMilliseconds; count = `$count }
}
@{ file = Measure-Store `$null '$(Join-Path $work 'ledger')'; postgres = Measure-Store '$ledgerDb' `$null } | ConvertTo-Json -Compress -Depth 3
"@
    $ledger = Invoke-Child $ledgerScript @{}
    Write-Host ("Ledger per alert (intent durable + settlement): file {0:N3} ms, PostgreSQL {1:N3} ms (loopback, fsync on; {2} alerts each)" -f ($ledger.file.ms / $LedgerAlerts), ($ledger.postgres.ms / $LedgerAlerts), $LedgerAlerts)
    Write-Host ("  opening a tenant with {0} entries: file {1:N1} ms, PostgreSQL {2:N1} ms (lock, schema check, load)" -f $ledger.file.count, $ledger.file.openMs, $ledger.postgres.openMs)
}
finally {
    $emulator | Stop-AlloyEmulator
    Stop-BenchPostgres
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
