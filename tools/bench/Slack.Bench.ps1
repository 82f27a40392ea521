<#
.SYNOPSIS
    Slack pacing against the emulator: 40 alerts to one channel under three Slack limits (none; a burst of 5 then
    1/s; a burst of 25 then 1/s), with Send-SlackOrderAlert and with Invoke-OrderSync, and 200 alerts over 4
    channels with Send-SlackOrderAlert; wall time against the floor the limit sets, and the 429s it took.
.DESCRIPTION
    The floor of one channel: its bucket lets `burst` messages through at once, then one per 1/rate s, so its last
    alert cannot be accepted before (alerts - burst) / rate s, plus one request's latency (≈ 0 without a limit).
    Goals: 40 alerts to one channel within 1.10 × floor + 2 s with at most 3 refusals (429) a run; 200 alerts over
    4 channels within 1.05 × floor. Both cmdlets run with their defaults: nothing tells them Slack's limit.
    Each run is a fresh pwsh child that imports the built module. Send-SlackOrderAlert: 40 (or 200) orders built in
    the child are piped in after one Test-SlackConnection (so first-call JIT is not counted as pacing); the wall
    time of the pipe is measured. Invoke-OrderSync (-NoDigest, a fresh state folder): 40 orders in the emulator's
    shop; measured is the posting span, from the first message Slack stored to the last (the rest of the run is
    start-up, the check of credentials and the read of orders), against the same floor less the latency.
    Refused posts (429) are the chat_postMessage calls the emulator counted minus the messages it stored.
    Figures are printed, not asserted.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [int] $Alerts = 40,
    [int] $LatencyMs = 10,
    [int] $WideAlerts = 200,
    [int] $WideChannels = 4,
    [int] $WideLatencyMs = 50,
    [int] $TimeoutSeconds = 600
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $Root 'tools/Emulator.psm1') -Force
$manifest = Join-Path $Root 'AlloyShopifySlack.psd1'

function Invoke-Child([string] $Script, [System.Collections.IDictionary] $Environment) {
    # This pwsh's own pwsh.dll: `dotnet pwsh` would need the tool manifest, which a temp working directory lacks.
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command', $Script)) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $info.WorkingDirectory = [System.IO.Path]::GetTempPath()   # no stray .env
    $info.Environment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
    $info.Environment['NO_COLOR'] = '1'
    foreach ($key in $Environment.Keys) { $info.Environment[$key] = [string]$Environment[$key] }
    $process = [System.Diagnostics.Process]::Start($info)
    try {
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) { $process.Kill($true); throw "The benchmark child did not finish within $TimeoutSeconds s." }
        $process.WaitForExit()
        $line = ($stdout.Result -split "`n" | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1)
        if ($process.ExitCode -ne 0 -or -not $line) { throw "The benchmark child failed (exit $($process.ExitCode)): $($stderr.Result) $($stdout.Result)" }
        $line | ConvertFrom-Json
    }
    finally { $process.Dispose() }
}

function Get-PostCalls($Emulator) {
    $total = 0
    foreach ($property in (Get-AlloyEmulatorStats -Emulator $Emulator).requests.PSObject.Properties) {
        if ($property.Name -match '(^|/)chat_postMessage$' -and $property.Name -notmatch ' ') { $total += [int]$property.Value }
    }
    $total
}

# Send-SlackOrderAlert in a child: $Count orders over $Channels, piped in after one warm-up call.
function Get-AlertScript([int] $Count, [string[]] $Channels) {
    @"
Import-Module '$manifest'
`$channels = @('$($Channels -join "','")'.Split(',') | ForEach-Object { `$_.Trim("'") })
`$orders = foreach (`$i in 1..$Count) {
    [pscustomobject]@{ Id = "gid://shopify/Order/`$(900000 + `$i)"; Name = "#B`$i"; Total = 500 + `$i; Currency = 'USD'
        CustomerName = "Bench Customer `$i"; CreatedAt = [datetimeoffset]::UtcNow; Channel = `$channels[(`$i - 1) % `$channels.Count] }
}
`$null = Test-SlackConnection   # one auth.test: the emulator and this process past their first-call JIT
`$watch = [System.Diagnostics.Stopwatch]::StartNew()
`$state = Join-Path ([System.IO.Path]::GetTempPath()) ('bench-send-' + [guid]::NewGuid().ToString('N'))   # a fresh sync state: nothing known yet
`$results = `$orders | Send-SlackOrderAlert -StatePath `$state -ErrorAction SilentlyContinue
`$watch.Stop()
Remove-Item -LiteralPath `$state -Recurse -Force -ErrorAction SilentlyContinue
@{ seconds = `$watch.Elapsed.TotalSeconds; sent = @(`$results | Where-Object Status -eq 'Sent').Count; failed = @(`$results | Where-Object Status -eq 'Failed').Count } | ConvertTo-Json -Compress
"@
}

function Get-SyncScript([string] $State) {
    @"
Import-Module '$manifest'
`$watch = [System.Diagnostics.Stopwatch]::StartNew()
`$r = Invoke-OrderSync -StatePath '$State' -MinimumTotal 1000 -NoDigest -Quiet -LockTimeoutSeconds 5
`$watch.Stop()
@{ seconds = `$watch.Elapsed.TotalSeconds; sent = `$r.MessagesSent; failed = `$r.Failed } | ConvertTo-Json -Compress
"@
}

# One run: emulator reset to the case's limit, the child, then what Slack stored and refused.
function Measure-Run($Emulator, [hashtable] $Case, [string] $Runner, [string] $Script, [int] $Count, [int] $PerChannel, [int] $Latency, [double] $Slack, [bool] $Span) {
    Reset-AlloyEmulator -Emulator $Emulator
    Set-AlloyEmulatorConfig @{ slackRateLimit = $Case.Limited; slackMessagesPerSecond = $Case.Rate; slackBurst = $Case.Burst; latencyMs = $Latency } -Emulator $Emulator | Out-Null
    if ($Runner -eq 'Invoke-OrderSync') { $null = Add-AlloyEmulatorOrder -Count $Count -Total 1500 -Emulator $Emulator }
    $before = Get-PostCalls $Emulator
    $result = Invoke-Child $Script (Get-AlloyEmulatorEnvironment -Emulator $Emulator)
    $stored = @(Get-AlloyEmulatorMessages -Emulator $Emulator)
    $calls = (Get-PostCalls $Emulator) - $before
    $floor = if ($Case.Limited) { [math]::Max(0, $PerChannel - $Case.Burst) / $Case.Rate } else { 0 }
    if ($Span) {
        $stamps = $stored | ForEach-Object { [double]::Parse($_.ts, [cultureinfo]::InvariantCulture) } | Measure-Object -Minimum -Maximum
        $seconds = $stamps.Maximum - $stamps.Minimum
    }
    else {
        $seconds = [double]$result.seconds
        $floor += $Latency / 1000
    }
    $goal = if ($Slack -gt 0) { 1.10 * $floor + $Slack } else { 1.05 * $floor }
    $refused = $calls - $stored.Count
    [pscustomobject]@{
        Runner         = $Runner
        Slack          = $Case.Name
        Alerts         = $Count
        Sent           = [int]$result.sent
        Failed         = [int]$result.failed
        Stored         = $stored.Count
        'Refused(429)' = $refused
        Measured       = if ($Span) { 'posting span' } else { 'wall' }
        Seconds        = [math]::Round($seconds, 2)
        FloorSeconds   = [math]::Round($floor, 2)
        GoalSeconds    = [math]::Round($goal, 2)
        WithinGoal     = ($seconds -le $goal -and ($Slack -le 0 -or $refused -le 3) -and $stored.Count -eq $Count)
    }
}

$cases = @(
    @{ Name = 'no limit'; Limited = $false; Rate = 1; Burst = 5 }
    @{ Name = 'burst 5, then 1/s'; Limited = $true; Rate = 1; Burst = 5 }
    @{ Name = 'burst 25, then 1/s'; Limited = $true; Rate = 1; Burst = 25 }
)
$emulator = Start-AlloyEmulator -Root $Root -OrderCount 0 -LatencyMs $LatencyMs
$state = Join-Path ([System.IO.Path]::GetTempPath()) ("alloy-pacing-bench-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
try {
    $channel = $emulator.ChannelId
    $rows = @(foreach ($case in $cases) {
        Measure-Run $emulator $case 'Send-SlackOrderAlert' (Get-AlertScript $Alerts @($channel)) $Alerts $Alerts $LatencyMs 2 $false
    })
    $rows += @(foreach ($case in $cases) {
        $folder = Join-Path $state ([guid]::NewGuid().ToString('N'))
        Measure-Run $emulator $case 'Invoke-OrderSync' (Get-SyncScript $folder) $Alerts $Alerts $LatencyMs 2 $true
    })
    $wideIds = @(@($emulator.ChannelId) + @($emulator.ChannelIds) | Select-Object -Unique | Select-Object -First $WideChannels)
    if ($wideIds.Count -lt $WideChannels) { throw "The emulator has only $($wideIds.Count) member channels." }
    $perChannel = [int][math]::Ceiling($WideAlerts / $WideChannels)
    $rows += Measure-Run $emulator $cases[1] 'Send-SlackOrderAlert' (Get-AlertScript $WideAlerts $wideIds) $WideAlerts $perChannel $WideLatencyMs 0 $false
    Write-Host ("{0} alerts to one channel ({1} ms latency), goal 1.10 × floor + 2 s and at most 3 refusals; {2} alerts over {3} channels ({4} ms latency), goal 1.05 × floor." -f `
        $Alerts, $LatencyMs, $WideAlerts, $WideChannels, $WideLatencyMs)
    $rows | Format-Table -Property * -AutoSize | Out-String -Width 300 | Write-Host
}
finally {
    $emulator | Stop-AlloyEmulator
    if (Test-Path $state) { Remove-Item $state -Recurse -Force -ErrorAction SilentlyContinue }
}
