using System.Net;
using AlloyShopifySlack.Emulator.Admin;
using AlloyShopifySlack.Emulator.Alloy;
using AlloyShopifySlack.Emulator.Infrastructure;
using AlloyShopifySlack.Emulator.Slack;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AlloyShopifySlack.Emulator;

/// <summary>
/// The Alloy emulator on 127.0.0.1 and an ephemeral port. In-process for xunit:
/// <c>await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ... });</c>
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorServer(WebApplication app, EmulatorState state, Uri baseUri)
    {
        _app = app;
        State = state;
        BaseUri = baseUri;
        Clicks = new ClickSimulator(state);
    }

    /// <summary>http://127.0.0.1:PORT/ (with the trailing slash, so relative paths resolve under it).</summary>
    public Uri BaseUri { get; }

    /// <summary>The bearer key the emulator accepts.</summary>
    public string ApiKey => State.Options.ApiKey;

    public EmulatorTenant Tenant => State.Tenant;

    public EmulatorState State { get; }

    public EmulatorOptions Options => State.Options;

    internal ClickSimulator Clicks { get; }

    /// <summary>Starts a server on 127.0.0.1; <paramref name="port"/> 0 picks a free one.</summary>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions? options = null, int port = 0, CancellationToken ct = default)
    {
        var state = new EmulatorState(options ?? new EmulatorOptions());
        var app = Build(state, port, Array.Empty<string>());
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        var server = new EmulatorServer(app, state, uri);
        return server;
    }

    /// <summary>Simulates a click on a button of a stored message and posts the signed payload to <c>targetUrl</c>.</summary>
    public Task<ClickResult> ClickAsync(ClickRequest click, CancellationToken ct = default) => Clicks.ClickAsync(click, ct);

    /// <summary>Messages Slack holds for a channel, oldest first.</summary>
    public IReadOnlyList<SlackStoredMessage> Messages(string? channelId = null) => State.Slack.Messages(channelId ?? Tenant.ChannelId);

    /// <summary>The tenant as one JSON line (what the standalone server prints).</summary>
    public JsonObject Describe() => new()
    {
        ["baseUri"] = BaseUri.ToString().TrimEnd('/'),
        ["apiKey"] = ApiKey,
        ["userId"] = Tenant.UserId,
        ["username"] = Tenant.Username,
        ["shopifyCredentialId"] = Tenant.ShopifyCredentialId,
        ["slackCredentialId"] = Tenant.SlackCredentialId,
        ["googleSheetsCredentialId"] = Tenant.GoogleSheetsCredentialId,
        ["channelId"] = Tenant.ChannelId,
        ["channelIds"] = new JsonArray(Tenant.ChannelIds.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
        ["notMemberChannelId"] = Tenant.NotMemberChannelId,
        ["storeDomain"] = Tenant.StoreDomain,
        ["spreadsheetId"] = Tenant.SpreadsheetId,
        ["orderCount"] = State.Shopify.Count,
    };

    internal static WebApplication Build(EmulatorState state, int port, string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args,
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        // Only ever the loopback interface, whatever ASPNETCORE_URLS or --urls say.
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = 10 * 1024 * 1024;
        });
        builder.WebHost.UseSetting(WebHostDefaults.PreventHostingStartupKey, "true");
        builder.WebHost.UseUrls();
        var app = builder.Build();
        var pipeline = new RequestPipeline(state);
        AlloyEndpoints.Map(app, pipeline);
        ConsentPage.Map(app, state);
        AdminEndpoints.Map(app, state, new ClickSimulator(state));
        app.MapFallback(context =>
        {
            state.Counters.Increment("unmatched " + context.Request.Method + " " + context.Request.Path);
            return Reply.Message(404, "Not Found").WriteAsync(context);
        });
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await _app.StopAsync(timeout.Token); }
        finally { await _app.DisposeAsync(); }
    }
}
