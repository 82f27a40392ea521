using System.Net;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Slack;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Tests.Interactions;

/// <summary>
/// The whole loop on the emulator: an alert with the Acknowledge button is posted through Alloy, the emulator plays
/// Slack and clicks it (a signed block_actions request to the listener), and the listener updates the message,
/// appends one sheet row and tags the order — and a second click changes nothing.
/// </summary>
public sealed class AcknowledgeEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string Secret = "e2e-signing-secret-6c1f0d";
    private const string Tag = "acknowledged";

    private sealed class Loop : IAsyncDisposable
    {
        public required EmulatorServer Emulator { get; init; }
        public required AlloyClient Client { get; init; }
        public required InteractionListener Listener { get; init; }
        public required Task<List<SlackInteraction>> Run { get; init; }
        public required CancellationTokenSource Cancel { get; init; }

        public async ValueTask DisposeAsync()
        {
            Cancel.Cancel();
            try { await Run.WaitAsync(Patience); } catch (Exception) { }
            Listener.Dispose();
            Client.Dispose();
            await Emulator.DisposeAsync();
        }
    }

    private static async Task<Loop> StartAsync(int maxRequests)
    {
        var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OrderCount = 20 });
        var client = new AlloyClient(new AlloyClientOptions(emulator.BaseUri, SecretText.ToSecureString(emulator.ApiKey),
            "test") { UserId = emulator.Tenant.UserId });
        var tenant = emulator.Tenant;
        var handler = new AcknowledgeHandler(
            new SlackClientMessageUpdater(new SlackClient(client, tenant.SlackCredentialId)),
            new GoogleSheetsOrderLog(new GoogleSheetsClient(client, tenant.GoogleSheetsCredentialId), tenant.SpreadsheetId),
            new ShopifyClient(client, tenant.ShopifyCredentialId),
            new[] { Tag });
        var listener = new InteractionListener(new InteractionListenerOptions { Port = 0, MaxRequests = maxRequests },
            new SlackSignatureVerifier(Secret, SystemClock.Instance, new ReplayGuard()), handler);
        listener.Start();
        var cancel = new CancellationTokenSource();
        var run = Task.Run(async () =>
        {
            var results = new List<SlackInteraction>();
            await foreach (var item in listener.RunAsync(cancel.Token)) results.Add(item);
            return results;
        });
        return new Loop { Emulator = emulator, Client = client, Listener = listener, Run = run, Cancel = cancel };
    }

    private static async Task<(ShopifyOrder Order, string Ts)> PostAlertAsync(Loop loop)
    {
        var tenant = loop.Emulator.Tenant;
        ShopifyOrder? order = null;
        await foreach (var read in new ShopifyClient(loop.Client, tenant.ShopifyCredentialId).ReadOrdersAsync(new OrderQuery { Limit = 1 },
            CancellationToken.None))
            order = read;
        Assert.NotNull(order);
        var message = new OrderMessageBuilder().Build(order!, new OrderMessageOptions { WithAcknowledgeButton = true,
            StoreDomain = tenant.StoreDomain });
        var posted = await new SlackClient(loop.Client, tenant.SlackCredentialId).PostMessageAsync(tenant.ChannelId, message,
            CancellationToken.None);
        return (order!, posted.Ts);
    }

    [Fact]
    public async Task A_click_acknowledges_the_alert_logs_one_row_and_tags_the_order_and_a_second_click_changes_nothing()
    {
        await using var loop = await StartAsync(maxRequests: 3);
        var emulator = loop.Emulator;
        var tenant = emulator.Tenant;
        var (order, ts) = await PostAlertAsync(loop);

        var click = await emulator.ClickAsync(new ClickRequest
        {
            Channel = tenant.ChannelId, Ts = ts, ActionId = "acknowledge_order",
            TargetUrl = loop.Listener.Url!.ToString(), SigningSecret = Secret, UserId = "U0OPS0001", UserName = "ops.lead",
        });
        Assert.Equal(200, click.StatusCode);

        // The same click again, as a second Slack client still showing the button would send it (fresh signature) ...
        using var http = new HttpClient();
        var timestamp = DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds().ToString(
            CultureInfo.InvariantCulture); // not the emulator's second: same bytes, same second would be a replay
        var body = "payload=" + Uri.EscapeDataString(click.Payload!);
        using var again = new HttpRequestMessage(HttpMethod.Post, loop.Listener.Url) { Content =
            new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        again.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        again.Headers.Add("X-Slack-Signature", SlackSignatureVerifier.ComputeSignature(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(again)).StatusCode);
        // ... and once more, replayed byte for byte: refused.
        using var replay = new HttpRequestMessage(HttpMethod.Post, loop.Listener.Url) { Content =
            new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        replay.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        replay.Headers.Add("X-Slack-Signature", again.Headers.GetValues("X-Slack-Signature").Single());
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(replay)).StatusCode);

        var results = await loop.Run.WaitAsync(Patience);
        // Either may finish first: the second click is settled at once, the first waits on Alloy.
        Assert.Equal(new[] { InteractionStatus.Acknowledged, InteractionStatus.AlreadyAcknowledged },
            results.Select(r => r.Status).OrderBy(s => s));
        var first = results.Single(r => r.Status == InteractionStatus.Acknowledged);
        Assert.Equal(order.Name, first.OrderName);
        Assert.Equal(order.Id, first.OrderId);
        Assert.Equal("U0OPS0001", first.User);
        Assert.True(first.MessageUpdated && first.SheetRowAdded && first.Tagged);

        var stored = emulator.Messages(tenant.ChannelId).Single(m => m.Ts == ts);
        var blocks = stored.Blocks!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder =
            System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("✅ Claimed by <@U0OPS0001> at <!date^", blocks);
        Assert.DoesNotContain("\"acknowledge_order\"", blocks);
        Assert.Contains("View in Shopify admin", blocks);                       // the rest of the alert is kept
        Assert.Equal("shopify_order_alert", (string?)stored.Metadata?["event_type"]);
        Assert.Equal(1, stored.UpdateCount);

        var row = Assert.Single(emulator.State.Sheets.Rows(tenant.SpreadsheetId));
        Assert.Equal(order.Name, row[0]);
        Assert.Equal(order.Total, decimal.Parse(row[1]!, CultureInfo.InvariantCulture));
        Assert.Equal(order.CustomerName ?? string.Empty, row[2]);
        Assert.Equal("ops.lead", row[3]);

        var tagged = emulator.State.Shopify.FindById(order.Id)!;
        Assert.Single(tagged.Tags, t => t == Tag);
    }

    [Fact]
    public async Task A_click_with_the_wrong_secret_or_a_stale_timestamp_changes_nothing_on_the_emulator()
    {
        await using var loop = await StartAsync(maxRequests: 2);
        var emulator = loop.Emulator;
        var tenant = emulator.Tenant;
        var (order, ts) = await PostAlertAsync(loop);
        var url = loop.Listener.Url!.ToString();

        var forged = await emulator.ClickAsync(new ClickRequest { Channel = tenant.ChannelId, Ts = ts, ActionId = "acknowledge_order",
            TargetUrl = url, SigningSecret = "guessed-secret" });
        var stale = await emulator.ClickAsync(new ClickRequest
        {
            Channel = tenant.ChannelId, Ts = ts, ActionId = "acknowledge_order", TargetUrl = url, SigningSecret = Secret,
            Timestamp = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds(),
        });

        Assert.Equal(401, forged.StatusCode);
        Assert.Equal(401, stale.StatusCode);
        Assert.Empty(await loop.Run.WaitAsync(Patience));
        Assert.Equal(0, emulator.Messages(tenant.ChannelId).Single(m => m.Ts == ts).UpdateCount);
        Assert.Empty(emulator.State.Sheets.Rows(tenant.SpreadsheetId));
        Assert.DoesNotContain(Tag, emulator.State.Shopify.FindById(order.Id)!.Tags);
    }
}
