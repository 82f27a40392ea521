using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Tests.Setup;

/// <summary>The OAuth callback runs on the module's one small HTTP server, so it refuses what the listener refuses.</summary>
public sealed class OAuthCallbackHardeningTests : IDisposable
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout =
        TimeSpan.FromSeconds(30) };
    private readonly List<TcpClient> _clients = new();

    [Theory]
    [InlineData("GET {0} HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n")]     // a space inside a header name
    [InlineData("GET {0} HTTP/1.1\r\nHost: x\r\nAccept : */*\r\n\r\n")]    // whitespace before the colon
    [InlineData("GET {0} HTTP/1.1\r\nAccept: */*\r\n\r\n")]                // no Host on HTTP/1.1
    public async Task A_callback_that_breaks_the_header_grammar_is_answered_400_and_does_not_use_up_the_callback(string raw)
    {
        using var listener = OAuthCallbackListener.Start(null, "Shopify");
        var client = await Connect(listener.RedirectUri.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Format(raw, listener.RedirectUri.AbsolutePath + "?credentialId=forged")));
        var answer = await new StreamReader(stream).ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 400 ", answer);
        Assert.False(listener.Callback.IsCompleted);
        var response = await Http.GetAsync(listener.RedirectUri + "?credentialId=real");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("real", (await listener.Callback.WaitAsync(TimeSpan.FromSeconds(30))).CredentialId);
    }

    [Fact]
    public async Task More_one_byte_clients_than_it_has_slots_do_not_hold_up_the_real_callback()
    {
        using var listener = OAuthCallbackListener.Start(null, "Shopify");
        for (var i = 0; i < 100; i++)
        {
            var trickler = await Connect(listener.RedirectUri.Port);
            await trickler.GetStream().WriteAsync(new[] { (byte)'G' }); // and never sends the rest
        }

        var clock = Stopwatch.StartNew();
        var response = await Http.GetAsync(listener.RedirectUri + "?credentialId=abc");
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("abc", (await listener.Callback.WaitAsync(TimeSpan.FromSeconds(30))).CredentialId);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the callback took {clock.Elapsed.TotalSeconds:0.0} s behind the tricklers");
    }

    private async Task<TcpClient> Connect(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        _clients.Add(client);
        return client;
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
    }
}
