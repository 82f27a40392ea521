// The interaction benchmark's load generator (tools/bench/Interactions.Bench.ps1 compiles it with Add-Type).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Bench;

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
        return new SlackInteraction { Action = payload.Type, User = payload.UserId, ReceivedAt = receivedAt,
            Status = InteractionStatus.Ignored };
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
            "{\"type\":\"block_actions\",\"user\":{\"id\":\"U" + i.ToString("D8")
                + "\",\"username\":\"bench\"},\"container\":{\"type\":\"message\",\"channel_id\":\"C0BENCH\",\"message_ts\":\"" +
                "1700000000." + i.ToString("D6") +
            "\"},\"actions\":[{\"action_id\":\"acknowledge_order\",\"type\":\"button\",\"value\":\"#" + i + "|gid://shopify/Order/" + i
                + "\"}]}"))).ToArray();
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
                Requests = requests, Ok = statuses.Count(s => s == 200), Other = statuses.Count(s => s != 200),
                    Seconds = clock.Elapsed.TotalSeconds,
                P50 = Percentile(latencies, 0.50), P95 = Percentile(latencies, 0.95), P99 = Percentile(latencies, 0.99),
                    Max = latencies[latencies.Length - 1],
            };
        }
    }

    public static Task<int> SendOnce(HttpClient http, Uri url, byte[] body, string timestamp, string signature) =>
        Send(http, url, body, timestamp, signature);

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

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1,
        (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>
/// The lock-out attack of issue 10: connections that pipeline requests and never read the answers, and
/// connections that send one byte and nothing more, all held open; meanwhile valid signed requests, one at a
/// time on a fresh connection each, are timed to their answer.
/// </summary>
public static class Lockout
{
    public static double[] Run(Uri url, string secret, int slowReaders, int oneByte, int probes, out int ok, out int held)
    {
        var attackers = new List<TcpClient>();
        var pipelined = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(
            "GET " + url.AbsolutePath + " HTTP/1.1\r\nHost: x\r\n\r\n", 10)));
        try
        {
            for (var i = 0; i < slowReaders + oneByte; i++)
            {
                var client = new TcpClient();
                client.Connect(url.Host, url.Port);
                client.GetStream().Write(i < slowReaders ? pipelined : new[] { (byte)'P' }, 0, i < slowReaders ? pipelined.Length : 1);
                attackers.Add(client);
            }
            var latencies = new double[probes];
            ok = 0;
            for (var i = 0; i < probes; i++)
            {
                var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
                var body = Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(
                    "{\"type\":\"block_actions\",\"user\":{\"id\":\"UPROBE" + i + "\"},\"actions\":[{\"action_id\":\"other\"}]}"));
                using (var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }))
                {
                    var started = Stopwatch.GetTimestamp();
                    var status = InteractionLoad.SendOnce(http, url, body, now,
                        SlackSignatureVerifier.ComputeSignature(secret, now, body)).Result;
                    latencies[i] = (Stopwatch.GetTimestamp() - started) * 1000.0 / Stopwatch.Frequency;
                    if (status == 200) ok++;
                }
            }
            held = attackers.Count(a => a.Connected && !(a.Client.Poll(0, SelectMode.SelectRead) && a.Client.Available == 0));
            Array.Sort(latencies);
            return latencies;
        }
        finally
        {
            foreach (var attacker in attackers) attacker.Dispose();
        }
    }
}
