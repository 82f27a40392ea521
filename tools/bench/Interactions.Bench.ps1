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
    $references = @($assembly, 'System.Net.Http', 'System.Net.Primitives', 'System.Collections', 'System.Linq', 'System.Runtime', 'System.Threading', 'netstandard')
    # The module targets netstandard2.0: its IAsyncEnumerable and ValueTask come through these facades.
    foreach ($facade in 'Microsoft.Bcl.AsyncInterfaces.dll', 'System.Threading.Tasks.Extensions.dll') {
        $path = Join-Path (Split-Path $assembly) $facade
        if (Test-Path $path) { $references += $path }
    }
    Add-Type -ReferencedAssemblies $references -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Bench
{
    public static class Drain
    {
        public static Task Start(InteractionListener listener, CancellationToken ct) => Task.Run(async () =>
        {
            await foreach (var _ in listener.RunAsync(ct)) { }
        });
    }

    public sealed class TimedWorkHandler : IInteractionHandler
    {
        private readonly TimeSpan _work;
        public TimedWorkHandler(TimeSpan work) { _work = work; }
        public async Task<SlackInteraction> HandleAsync(InteractionPayload payload, DateTimeOffset receivedAt, CancellationToken ct)
        {
            if (_work > TimeSpan.Zero) await Task.Delay(_work, ct);
            return new SlackInteraction { Action = payload.Type, User = payload.UserId, ReceivedAt = receivedAt, Status = InteractionStatus.Ignored };
        }
    }

    public sealed class LoadResult
    {
        public int Requests; public int Ok; public int Other; public double Seconds;
        public double P50, P95, P99, Max;
        public double RequestsPerSecond { get { return Requests / Seconds; } }
    }

    public static class InteractionLoad
    {
        public static LoadResult Run(Uri url, string secret, int requests, int clients)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
            var bodies = Enumerable.Range(0, requests).Select(i => Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(
                "{\"type\":\"block_actions\",\"user\":{\"id\":\"U" + i.ToString("D8") + "\",\"username\":\"bench\"},\"container\":{\"type\":\"message\",\"channel_id\":\"C0BENCH\",\"message_ts\":\"1700000000." + i.ToString("D6") +
                "\"},\"actions\":[{\"action_id\":\"acknowledge_order\",\"type\":\"button\",\"value\":\"#" + i + "|gid://shopify/Order/" + i + "\"}]}"))).ToArray();
            var signatures = bodies.Select(b => SlackSignatureVerifier.ComputeSignature(secret, now, b)).ToArray();
            var latencies = new double[requests];
            var statuses = new int[requests];
            var next = -1;
            using (var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseProxy = false }))
            {
                // Warm-up: connections and JIT, not counted.
                Send(http, url, Encoding.UTF8.GetBytes("payload=%7B%7D"), now, "v0=0").Wait();
                var clock = Stopwatch.StartNew();
                var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < requests)
                    {
                        var started = Stopwatch.GetTimestamp();
                        statuses[i] = await Send(http, url, bodies[i], now, signatures[i]);
                        latencies[i] = (Stopwatch.GetTimestamp() - started) * 1000.0 / Stopwatch.Frequency;
                    }
                })).ToArray();
                Task.WaitAll(workers);
                clock.Stop();
                Array.Sort(latencies);
                return new LoadResult
                {
                    Requests = requests, Ok = statuses.Count(s => s == 200), Other = statuses.Count(s => s != 200), Seconds = clock.Elapsed.TotalSeconds,
                    P50 = Percentile(latencies, 0.50), P95 = Percentile(latencies, 0.95), P99 = Percentile(latencies, 0.99), Max = latencies[latencies.Length - 1],
                };
            }
        }

        private static async Task<int> Send(HttpClient http, Uri url, byte[] body, string timestamp, string signature)
        {
            using (var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) })
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
                request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", timestamp);
                request.Headers.TryAddWithoutValidation("X-Slack-Signature", signature);
                using (var response = await http.SendAsync(request)) return (int)response.StatusCode;
            }
        }

        private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
'@
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


Write-Host "Interaction listener on loopback, $Clients concurrent keep-alive clients, signed block_actions requests ($([Environment]::ProcessorCount) cores):"
$rows = @(
    Measure-Listener -Label 'instant work' -Work ([timespan]::Zero) -Count $Requests
    Measure-Listener -Label '50 ms work per click' -Work ([timespan]::FromMilliseconds(50)) -Count ([math]::Min($Requests, 2000))
)
$rows | Format-List | Out-String | Write-Host
