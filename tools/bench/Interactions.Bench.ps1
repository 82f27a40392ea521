<#
.SYNOPSIS
    Interaction listener benchmark: latency to the 200 and requests/s under load from local clients.
.DESCRIPTION
    Starts the listener in this process on a free loopback port and fires signed block_actions requests at it from
    concurrent keep-alive clients (a small C# load generator, so PowerShell's own overhead is not what is measured).
    Two runs: with instant work behind the 200, and with 50 ms of work per interaction (standing in for the Alloy
    calls), which shows that the answer does not wait for the work. Prints the figures; asserts nothing.
.PARAMETER Requests
    Signed requests per run.
.PARAMETER Clients
    Concurrent clients (each keeps its connection alive and sends one request at a time).
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [int] $Requests = 4000,
    [int] $Clients = 8
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $Root 'AlloyShopifySlack.psd1') -Force
$assembly = [AlloyShopifySlack.Slack.Interactions.InteractionListener].Assembly.Location

if (-not ('AlloyShopifySlack.Bench.Drain' -as [type])) {
    $references = @($assembly, 'System.Net.Http', 'System.Net.Primitives', 'System.Net.Sockets', 'System.Collections', 'System.Linq', 'System.Runtime', 'System.Threading', 'netstandard')
    # The module targets netstandard2.0: its IAsyncEnumerable and ValueTask come through these facades.
    foreach ($facade in 'Microsoft.Bcl.AsyncInterfaces.dll', 'System.Threading.Tasks.Extensions.dll') {
        $path = Join-Path (Split-Path $assembly) $facade
        if (Test-Path $path) { $references += $path }
    }
    Add-Type -ReferencedAssemblies $references -Path (Join-Path $PSScriptRoot 'InteractionLoad.cs')
}

function Measure-Listener {
    param([string] $Label, [timespan] $Work, [int] $Count)
    $secret = 'bench-signing-secret-' + [guid]::NewGuid().ToString('n')
    $options = [AlloyShopifySlack.Slack.Interactions.InteractionListenerOptions]@{ Port = 0; QueueCapacity = $Count + 16 }
    $verifier = [AlloyShopifySlack.Slack.Interactions.SlackSignatureVerifier]::new($secret, $null, [AlloyShopifySlack.Slack.Interactions.ReplayGuard]::new($null, 50000))
    $listener = [AlloyShopifySlack.Slack.Interactions.InteractionListener]::new($options, $verifier, [AlloyShopifySlack.Bench.TimedWorkHandler]::new($Work), $null)
    $cancel = [System.Threading.CancellationTokenSource]::new()
    try {
        $url = $listener.Start()
        # The run's results are drained on a thread-pool task (the pipeline is not involved in this measurement).
        $drain = [AlloyShopifySlack.Bench.Drain]::Start($listener, $cancel.Token)
        $result = [AlloyShopifySlack.Bench.InteractionLoad]::Run($url, $secret, $Count, $Clients)
        $listener.Stop()
        $handledBy = [Diagnostics.Stopwatch]::StartNew()
        $null = $drain.Wait([timespan]::FromMinutes(2))
        $stats = $listener.Statistics
        [pscustomobject]@{
            Run            = $Label
            Requests       = $result.Requests
            Clients        = $Clients
            'Answered 200' = $result.Ok
            'Other status' = $result.Other
            'p50 ms'       = [math]::Round($result.P50, 2)
            'p95 ms'       = [math]::Round($result.P95, 2)
            'p99 ms'       = [math]::Round($result.P99, 2)
            'max ms'       = [math]::Round($result.Max, 2)
            'requests/s'   = [math]::Round($result.RequestsPerSecond, 0)
            Handled        = $stats.Handled
            'Work drained after load (s)' = [math]::Round($handledBy.Elapsed.TotalSeconds, 2)
        }
    }
    finally {
        $cancel.Cancel()
        $listener.Dispose()
        $verifier.Dispose()
    }
}


# Issue 10's goal: a valid request answered within 1 s while 500 slow readers and 500 one-byte clients hold on.
function Measure-Lockout {
    param([int] $SlowReaders = 500, [int] $OneByte = 500, [int] $Probes = 20)
    $secret = 'bench-signing-secret-' + [guid]::NewGuid().ToString('n')
    $options = [AlloyShopifySlack.Slack.Interactions.InteractionListenerOptions]@{ Port = 0 }
    $verifier = [AlloyShopifySlack.Slack.Interactions.SlackSignatureVerifier]::new($secret, $null, [AlloyShopifySlack.Slack.Interactions.ReplayGuard]::new($null, 50000))
    $listener = [AlloyShopifySlack.Slack.Interactions.InteractionListener]::new($options, $verifier, [AlloyShopifySlack.Bench.TimedWorkHandler]::new([timespan]::Zero), $null)
    $cancel = [System.Threading.CancellationTokenSource]::new()
    try {
        $url = $listener.Start()
        $drain = [AlloyShopifySlack.Bench.Drain]::Start($listener, $cancel.Token)
        $ok = 0; $held = 0
        $latencies = [AlloyShopifySlack.Bench.Lockout]::Run($url, $secret, $SlowReaders, $OneByte, $Probes, [ref] $ok, [ref] $held)
        [pscustomobject]@{
            Run                     = "$SlowReaders slow readers + $OneByte one-byte clients, then $Probes valid requests one by one"
            'Answered 200'          = $ok
            'p50 ms'                = [math]::Round($latencies[[int][math]::Floor($Probes / 2)], 1)
            'max ms'                = [math]::Round($latencies[-1], 1)
            'Within 1 s'            = @($latencies | Where-Object { $_ -le 1000 }).Count
            'Attackers still open'  = $held
        }
    }
    finally {
        $cancel.Cancel()
        $listener.Dispose()
        $verifier.Dispose()
    }
}

Write-Host "Interaction listener on loopback, $Clients concurrent keep-alive clients, signed block_actions requests ($([Environment]::ProcessorCount) cores):"
$rows = @(
    Measure-Listener -Label 'instant work' -Work ([timespan]::Zero) -Count $Requests
    Measure-Listener -Label '50 ms work per click' -Work ([timespan]::FromMilliseconds(50)) -Count ([math]::Min($Requests, 2000))
    Measure-Lockout
)
$rows | Format-List | Out-String | Write-Host
