using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using AlloyShopifySlack.Alloy;
using static AlloyShopifySlack.Tests.Alloy.ScriptedHandler;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>Retries: Retry-After (seconds and date), capped backoff with jitter, and never a blind retry of a post.</summary>
public class AlloyRetryTests
{
    private const string Connectors = """{"connectors":[{"id":"slack","name":"Slack"}]}""";
    private const string Execute = "/connectors/slack/actions/chat_postMessage/execute";

    [Fact]
    public async Task A429WithRetryAfterSecondsWaitsExactlyThatLong()
    {
        var handler = new ScriptedHandler()
            .Once(HttpMethod.Get, "/connectors", () => JsonReply(HttpStatusCode.TooManyRequests, """{"message":"Rate limit exceeded"}""",
                h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7))))
            .On(HttpMethod.Get, "/connectors", () => JsonReply(Connectors));
        var clock = new FakeClock();

        var connectors = await ClientFactory.Client(handler, clock).ListConnectorsAsync(CancellationToken.None);

        Assert.Equal("slack", Assert.Single(connectors).Id);
        Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, clock.Delays);
        Assert.Equal(2, handler.Count(HttpMethod.Get, "/connectors"));
    }

    [Fact]
    public async Task A429WithRetryAfterAsAnHttpDateWaitsUntilThatMoment()
    {
        var clock = new FakeClock(new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.Zero));
        var handler = new ScriptedHandler()
            .Once(HttpMethod.Get, "/connectors", () => JsonReply(HttpStatusCode.TooManyRequests, "{}",
                h => h.TryAddWithoutValidation("Retry-After", "Wed, 15 Jan 2025 10:00:12 GMT")))
            .On(HttpMethod.Get, "/connectors", () => JsonReply(Connectors));

        await ClientFactory.Client(handler, clock).ListConnectorsAsync(CancellationToken.None);

        Assert.Equal(new[] { TimeSpan.FromSeconds(12) }, clock.Delays);
    }

    [Fact]
    public async Task A503OnAReadHonoursRetryAfter()
    {
        var handler = new ScriptedHandler()
            .Once(HttpMethod.Get, "/connectors", () => JsonReply(HttpStatusCode.ServiceUnavailable, "{}",
                h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3))))
            .On(HttpMethod.Get, "/connectors", () => JsonReply(Connectors));
        var clock = new FakeClock();

        await ClientFactory.Client(handler, clock).ListConnectorsAsync(CancellationToken.None);

        Assert.Equal(new[] { TimeSpan.FromSeconds(3) }, clock.Delays);
    }

    [Fact]
    public async Task WithoutRetryAfterTheBackoffDoublesWithJitterAndIsCapped()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors", () => JsonReply(HttpStatusCode.TooManyRequests, "{}"));
        var clock = new FakeClock();
        var policy = new RetryPolicy { MaxAttempts = 6, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5),
            JitterSource = () => 1.0 };

        var error = await Assert.ThrowsAsync<AlloyRateLimitException>(() =>
            ClientFactory.Client(handler, clock, policy).ListConnectorsAsync(CancellationToken.None));

        // base·2^(n−1), capped at 5 s; jitter 1.0 takes the full value.
        Assert.Equal(new[] { 1, 2, 4, 5, 5 }.Select(s => TimeSpan.FromSeconds(s)), clock.Delays);
        Assert.Equal(6, error.Attempts);
        Assert.Equal(6, handler.Requests.Count);
    }

    [Fact]
    public void JitterKeepsEachWaitBetweenHalfAndAllOfTheCappedValue()
    {
        var low = new RetryPolicy { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(10), JitterSource = () => 0.0 };
        var high = new RetryPolicy { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(10), JitterSource = () => 0.999 };
        var random = new RetryPolicy { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(10) };

        Assert.Equal(TimeSpan.FromSeconds(1), low.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(5), low.Backoff(10));
        Assert.True(high.Backoff(2) > TimeSpan.FromSeconds(3.9) && high.Backoff(2) <= TimeSpan.FromSeconds(4));
        var waits = Enumerable.Range(0, 200).Select(_ => random.Backoff(3)).ToList();
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)));
        Assert.True(waits.Distinct().Count() > 1, "the jitter should vary the waits");
    }

    [Fact]
    public async Task ARetryAfterLongerThanTheCapIsReportedNotWaitedFor()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors",
            () => JsonReply(HttpStatusCode.TooManyRequests, "{}", h => h.RetryAfter =
            new RetryConditionHeaderValue(TimeSpan.FromMinutes(30))));
        var clock = new FakeClock();

        var error = await Assert.ThrowsAsync<AlloyRateLimitException>(() =>
            ClientFactory.Client(handler, clock).ListConnectorsAsync(CancellationToken.None));

        Assert.Equal(TimeSpan.FromMinutes(30), error.RetryAfter);
        Assert.Equal("AlloyRateLimited", error.ErrorId);
        Assert.Empty(clock.Delays);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task APostRefusedWith429IsSentAgainBecauseNothingHappened()
    {
        var handler = new ScriptedHandler()
            .Once(HttpMethod.Post, Execute, () => JsonReply(HttpStatusCode.TooManyRequests, "{}",
                h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1))))
            .On(HttpMethod.Post, Execute, () => JsonReply("""{"success":true,"result":{"ok":true,"ts":"1.2"}}"""));
        var clock = new FakeClock();

        var answer = await ClientFactory.Client(handler, clock).ExecuteAsync("slack", "chat_postMessage", new ActionRequest("c1"),
            CancellationToken.None);

        Assert.Equal("1.2", answer.GetProperty("ts").GetString());
        Assert.Equal(2, handler.Count(HttpMethod.Post, Execute));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task A5xxAfterAPostIsAmbiguousAndNeverRetried(HttpStatusCode status)
    {
        var handler = new ScriptedHandler().On(HttpMethod.Post, Execute, () => JsonReply(status, """{"message":"upstream failed"}"""));
        var clock = new FakeClock();

        var error = await Assert.ThrowsAsync<AlloyAmbiguousResultException>(() =>
            ClientFactory.Client(handler, clock).ExecuteAsync("slack", "chat_postMessage", new ActionRequest("c1"),
                CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Empty(clock.Delays);
        Assert.Equal("AlloyAmbiguousResult", error.ErrorId);
        Assert.Contains("may have taken effect", error.Message);
        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public async Task A503WithRetryAfterAfterAPostIsAmbiguousButCarriesTheWait()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Post, "/users", () =>
            JsonReply(HttpStatusCode.ServiceUnavailable, "{}", h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(9))));

        var error = await Assert.ThrowsAsync<AlloyAmbiguousResultException>(
            () => ClientFactory.Client(handler).CreateUserAsync("shop", null, CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(9), error.RetryAfter);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task AnIdempotentActionIsRetriedAfterA5xx()
    {
        var path = "/connectors/shopify/actions/listOrders/execute";
        var handler = new ScriptedHandler()
            .Once(HttpMethod.Post, path, () => JsonReply(HttpStatusCode.BadGateway, "{}"))
            .On(HttpMethod.Post, path, () => JsonReply("""{"executionId":"e1","status":"completed","responseData":{"data":{"orders":""" +
                """{"edges":[]}}}}"""));
        var clock = new FakeClock();

        await ClientFactory.Client(handler, clock).ExecuteAsync("shopify", "listOrders", new ActionRequest("c1") { Idempotent = true },
            CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(new[] { TimeSpan.FromMilliseconds(375) }, clock.Delays); // 500 ms · (½ + ½·0.5)
    }

    [Fact]
    public async Task AConnectionResetDuringAPostIsAmbiguous()
    {
        var reset = new HttpRequestException("An error occurred while sending the request.",
            new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)));
        var handler = new ScriptedHandler().On(HttpMethod.Post, Execute, Throw(reset));

        var error = await Assert.ThrowsAsync<AlloyAmbiguousResultException>(() =>
            ClientFactory.Client(handler).ExecuteAsync("slack", "chat_postMessage", new ActionRequest("c1"), CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Contains("connection to Alloy was lost", error.Message);
    }

    [Fact]
    public async Task ATimeoutOfAPostIsAmbiguous()
    {
        // What HttpClient throws when its own timeout fires (not the caller's token).
        var handler = new ScriptedHandler().On(HttpMethod.Post, Execute, Throw(
            new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout")));

        var error = await Assert.ThrowsAsync<AlloyAmbiguousResultException>(() =>
            ClientFactory.Client(handler).ExecuteAsync("slack", "chat_postMessage", new ActionRequest("c1"), CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Contains("did not answer", error.Message);
    }

    [Fact]
    public async Task AConnectionRefusedIsRetriedEvenForAPostBecauseNothingWasSent()
    {
        var refused = new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));
        var handler = new ScriptedHandler()
            .Once(HttpMethod.Post, "/users", Throw(refused))
            .On(HttpMethod.Post, "/users", () => JsonReply("""{"userId":"689593e23e4c93cae95fd75d"}"""));

        var user = await ClientFactory.Client(handler).CreateUserAsync("shop", "Shop Owner", CancellationToken.None);

        Assert.Equal("689593e23e4c93cae95fd75d", user.UserId);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task AnUnreachableServerGivesUpWithAClearError()
    {
        var refused = new HttpRequestException("Connection refused (127.0.0.1:9)", new SocketException((int)SocketError.ConnectionRefused));
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/connectors", Throw(refused));
        var clock = new FakeClock();

        var error = await Assert.ThrowsAsync<AlloyUnreachableException>(() =>
            ClientFactory.Client(handler, clock, ClientFactory.FastPolicy(3)).ListConnectorsAsync(CancellationToken.None));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, clock.Delays.Count);
        Assert.Contains("ALLOY_BASE_URL", error.Message);
        Assert.Equal(3, error.Attempts);
    }
}
