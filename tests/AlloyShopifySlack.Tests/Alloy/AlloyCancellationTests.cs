using System.Net;
using AlloyShopifySlack.Alloy;
using static AlloyShopifySlack.Tests.Alloy.ScriptedHandler;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>Every call stops when its token is cancelled, even when the server (or handler) never answers.</summary>
public class AlloyCancellationTests
{
    /// <summary>Only a guard against a hung test run; the assertions are about what happens, not how fast.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task CancellingARequestThatNeverAnswersEndsItWithOperationCanceled()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors", Never);
        using var cancellation = new CancellationTokenSource();
        var call = ClientFactory.Client(handler).ListConnectorsAsync(cancellation.Token);
        await handler.WaitForRequestsAsync(1);
        Assert.False(call.IsCompleted);

        cancellation.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(HangGuard));
        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task CancellingAPostThatNeverAnswersIsACancellationNotAnAmbiguousResult()
    {
        var path = "/connectors/slack/actions/chat_postMessage/execute";
        var handler = new ScriptedHandler().On(HttpMethod.Post, path, Never);
        using var cancellation = new CancellationTokenSource();
        var call = ClientFactory.Client(handler).ExecuteAsync("slack", "chat_postMessage", new ActionRequest("c1"), cancellation.Token);
        await handler.WaitForRequestsAsync(1);

        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task CancellingDuringARetryWaitStopsTheWait()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors", () => JsonReply(HttpStatusCode.ServiceUnavailable, "{}"));
        var clock = new FakeClock { Block = true };
        using var cancellation = new CancellationTokenSource();
        var call = ClientFactory.Client(handler, clock).ListConnectorsAsync(cancellation.Token);
        await handler.WaitForRequestsAsync(1);
        while (clock.Delays.Count == 0) await Task.Delay(10);

        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(HangGuard));
        Assert.Single(handler.Requests); // no second attempt after the cancellation
    }

    [Fact]
    public async Task AnAlreadyCancelledTokenSendsNothing()
    {
        var handler = new ScriptedHandler();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClientFactory.Client(handler).ListUsersAsync(cancellation.Token));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ARequestThatNeverAnswersTimesOutAndAReadIsRetried()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors", Never);
        var quick = new RetryPolicy { MaxAttempts = 2, RequestTimeout = TimeSpan.FromMilliseconds(100), JitterSource = () => 0 };

        var error = await Assert.ThrowsAsync<AlloyUnreachableException>(() =>
            ClientFactory.Client(handler, policy: quick).ListConnectorsAsync(CancellationToken.None).WaitAsync(HangGuard));

        Assert.Contains("did not answer", error.Message);
        Assert.Equal(2, handler.Requests.Count);
    }
}
