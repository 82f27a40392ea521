using System.Net;
using System.Net.Sockets;
using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Tests.Interactions;

/// <summary>How the listener stops: after MaxRequests answers, at its timeout, on cancellation; and a busy port.</summary>
public sealed partial class InteractionListenerTests
{
    [Fact]
    public async Task MaxRequests_stops_the_listener_after_that_many_answers()
    {
        var url = Start(maxRequests: 2);
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(SlackRequests.SignedPost(url, ClickBody(), _now, secret: "wrong")));
        Assert.Equal(HttpStatusCode.OK, await Send(SlackRequests.SignedPost(url, ClickBody(), _now)));
        var results = await _run!.WaitAsync(Patience);
        Assert.Single(results);
    }

    [Fact]
    public async Task The_timeout_stops_the_listener()
    {
        Start(timeout: TimeSpan.FromMinutes(10));
        await WaitUntil(() => _clock.PendingDelays > 0);
        _clock.Advance(TimeSpan.FromMinutes(10));
        var results = await _run!.WaitAsync(Patience);
        Assert.Empty(results);
    }

    [Fact]
    public async Task Cancelling_stops_the_listener_and_frees_the_port()
    {
        var url = Start();
        _cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _run!.WaitAsync(Patience));
        using var probe = new TcpListener(IPAddress.Loopback, url.Port);
        probe.Start();
        probe.Stop();
    }

    [Fact]
    public void A_busy_port_fails_at_start()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var options = new InteractionListenerOptions { Port = port };
        using var listener = new InteractionListener(options, new SlackSignatureVerifier(SlackRequests.Secret),
            new AcknowledgeHandler(_updater));
        Assert.Throws<SocketException>(() => listener.Start());
    }
}
