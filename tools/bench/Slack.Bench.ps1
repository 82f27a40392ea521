<#
.SYNOPSIS
    200 order alerts over 4 channels with Send-SlackOrderAlert against the emulator (50 ms latency, Slack limit of
    1 message/s/channel with a burst of 5): wall time against the floor the rate limit sets.
.DESCRIPTION
    The floor: each channel takes 50 alerts; its bucket lets 5 through at once, then one per second, so its last
    alert cannot be accepted before 45 s, plus one request's latency. The goal is a wall time within 15% of it.
    Each run is a fresh pwsh child that imports the built module and pipes 200 orders (built in the child, a Channel
    property each) into Send-SlackOrderAlert, after one Test-SlackConnection so that the first-call JIT of the
    emulator and of the child (seconds, once) is not counted as pacing. Two runs: the cmdlet's defaults (a burst of 3, below the server's, as
    for a Slack whose burst is unknown), and -ChannelBurst 5 (the server's). Refused posts (429) are the
    chat_postMessage calls the emulator counted minus the messages it stored. Figures are printed, not asserted.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [int] $Alerts = 200,
    [int] $Channels = 4,
    [int] $LatencyMs = 50,
    [double] $Rate = 1,
    [int] $Burst = 5,
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

$perChannel = [math]::Ceiling($Alerts / $Channels)
$floorSeconds = [math]::Max(0, $perChannel - $Burst) / $Rate + $LatencyMs / 1000

$emulator = Start-AlloyEmulator -Root $Root -OrderCount 10 -LatencyMs $LatencyMs -SlackRate $Rate -SlackBurst $Burst
try {
    $channelIds = @(@($emulator.ChannelId) + @($emulator.ChannelIds) | Select-Object -Unique | Select-Object -First $Channels)
    if ($channelIds.Count -lt $Channels) { throw "The emulator has only $($channelIds.Count) member channels." }
    $environment = Get-AlloyEmulatorEnvironment -Emulator $emulator
    $runs = @(
        @{ Name = 'defaults (burst 3)'; Arguments = '' }
        @{ Name = "-ChannelBurst $Burst"; Arguments = "-ChannelBurst $Burst" }
    )
    $rows = foreach ($run in $runs) {
        Reset-AlloyEmulator -Emulator $emulator
        Set-AlloyEmulatorConfig @{ slackRateLimit = $true; slackMessagesPerSecond = $Rate; slackBurst = $Burst; latencyMs = $LatencyMs } -Emulator $emulator | Out-Null
        $before = Get-PostCalls $emulator
        $script = @"
Import-Module '$manifest'
`$channels = '$($channelIds -join "','")'.Split(',') | ForEach-Object { `$_.Trim("'") }
`$orders = foreach (`$i in 1..$Alerts) {
    [pscustomobject]@{ Id = "gid://shopify/Order/`$(900000 + `$i)"; Name = "#B`$i"; Total = 500 + `$i; Currency = 'USD'
        CustomerName = "Bench Customer `$i"; CreatedAt = [datetimeoffset]::UtcNow; Channel = `$channels[(`$i - 1) % `$channels.Count] }
}
`$null = Test-SlackConnection   # one auth.test: the emulator and this process past their first-call JIT
`$watch = [System.Diagnostics.Stopwatch]::StartNew()
`$results = `$orders | Send-SlackOrderAlert $($run.Arguments) -ErrorAction SilentlyContinue
`$watch.Stop()
@{ seconds = `$watch.Elapsed.TotalSeconds; sent = @(`$results | Where-Object Status -eq 'Sent').Count; failed = @(`$results | Where-Object Status -eq 'Failed').Count } | ConvertTo-Json -Compress
"@
        $result = Invoke-Child $script $environment
        $stored = @(Get-AlloyEmulatorMessages -Emulator $emulator).Count
        $calls = (Get-PostCalls $emulator) - $before
        [pscustomobject]@{
            Run           = $run.Name
            Alerts        = $Alerts
            Sent          = [int]$result.sent
            Failed        = [int]$result.failed
            Stored        = $stored
            'Refused(429)' = $calls - $stored
            WallSeconds   = [math]::Round($result.seconds, 2)
            FloorSeconds  = [math]::Round($floorSeconds, 2)
            OverFloor     = '{0:P1}' -f (($result.seconds - $floorSeconds) / $floorSeconds)
            WithinGoal    = ($result.seconds -le $floorSeconds * 1.15)
        }
    }
    Write-Host ("{0} alerts over {1} channels; emulator: {2} ms latency, {3} msg/s/channel, burst {4}; floor {5:N2} s ({6} per channel: {4} at once, then 1 per {7:N2} s)." -f `
        $Alerts, $Channels, $LatencyMs, $Rate, $Burst, $floorSeconds, $perChannel, (1 / $Rate))
    $rows | Format-Table -AutoSize | Out-String -Width 220 | Write-Host
}
finally {
    $emulator | Stop-AlloyEmulator
}
