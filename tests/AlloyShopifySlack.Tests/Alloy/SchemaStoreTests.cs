using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Sync.Ledger;
using AlloyShopifySlack.Tests.Infrastructure;
using AlloyShopifySlack.Tests.Sync.Crash;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>Action schemas kept between runs: in a schema store, and through it in the sync state's learned facts.</summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class SchemaStoreTests
{
    private static ActionRequest Post(EmulatorServer emulator) => new(emulator.Tenant.SlackCredentialId)
    {
        RequestBody = new JsonObject { ["channel"] = emulator.Tenant.ChannelId, ["text"] = "hi",
            ["metadata"] = new JsonObject { ["event_type"] = "x" } },
    };

    [Fact]
    public async Task A_schema_read_once_is_kept_and_a_later_connection_starts_from_it_without_asking()
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic: true));
        var store = new MemorySchemaStore();
        using (var first = SchemaTestKit.Client(emulator, store: store))
            await first.ExecuteAsync("slack", "chat_postMessage", Post(emulator), CancellationToken.None);
        var kept = JsonNode.Parse(store.Values["schema/slack/chat_postMessage"])!;
        Assert.Equal("2024-01-15T12:00:00Z", (string?)kept["readAt"]);
        Assert.Equal("chat_postMessage", (string?)kept["schema"]!["action"]!["id"]);

        var recorder = new RecordingHandler();
        using (var later = SchemaTestKit.Client(emulator, recorder, store))
            await later.ExecuteAsync("slack", "chat_postMessage", Post(emulator), CancellationToken.None);

        Assert.Equal(1, SchemaTestKit.SchemaReads(emulator));
        Assert.False(recorder.Executes("slack", "chat_postMessage").Single()["requestBody"]!.AsObject().ContainsKey("metadata"));
    }

    [Fact]
    public async Task A_kept_schema_older_than_a_week_is_read_again_and_replaced()
    {
        await using var emulator = await EmulatorServer.StartAsync(SchemaTestKit.Options(realistic: false));
        var store = new MemorySchemaStore();
        using (var first = SchemaTestKit.Client(emulator, store: store))
            await first.ExecuteAsync("slack", "chat_postMessage", Post(emulator), CancellationToken.None);
        emulator.State.Clock.Advance(TimeSpan.FromDays(8));

        using (var later = SchemaTestKit.Client(emulator, store: store))
            await later.ExecuteAsync("slack", "chat_postMessage", Post(emulator), CancellationToken.None);

        Assert.Equal(2, SchemaTestKit.SchemaReads(emulator));
        Assert.Equal("2024-01-23T12:00:00Z", (string?)JsonNode.Parse(store.Values["schema/slack/chat_postMessage"])!["readAt"]);
    }

    [Fact]
    public void A_fact_store_keeps_nothing_until_attached_and_writes_each_schema_once()
    {
        var facts = new Dictionary<string, string>();
        var writes = 0;
        var store = new FactSchemaStore();
        store.Save("slack", "auth_test", "{}");
        Assert.Empty(facts);
        Assert.Null(store.Load("slack", "auth_test"));

        store.Attach(name => facts.GetValueOrDefault(name), (name, value) => { writes++; facts[name] = value; });
        store.Save("slack", "auth_test", "{\"a\":1}");
        store.Save("slack", "auth_test", "{\"a\":1}");
        Assert.Equal(1, writes);
        Assert.Equal("{\"a\":1}", store.Load("slack", "auth_test"));

        store.Attach(_ => null, (_, _) => throw new InvalidOperationException("This view of the sync state is read-only."));
        store.Save("slack", "auth_test", "{\"a\":1}"); // a read-only state (-WhatIf): nothing kept, nothing thrown
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Invoke_OrderSync_keeps_the_schemas_in_the_sync_state_and_the_next_run_starts_from_them(bool realistic)
    {
        var options = new EmulatorOptions { ApiKey = ClientFactory.ApiKey, OrderCount = 0, SlackRateLimit = false,
            ShopifyThrottling = false };
        await using var emulator = await EmulatorServer.StartAsync(realistic
            ? options.UseRealisticProfile(historyIntervalSeconds: 1) : options);
        new AlertCensus(emulator).Add(2, 800m);
        using var host = new PowerShellHost();
        var state = Path.Combine(host.WorkingDirectory, "state");
        var tenant = emulator.Tenant;
        const string Run = "$c = Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2] -NoSession; " +
                           "Invoke-OrderSync -Connection $c -ShopifyCredentialId $args[3] -SlackCredentialId $args[4] -Channel $args[5] " +
                               "-StatePath $args[6] -ChannelRate 500 -Quiet";
        object[] arguments = { emulator.ApiKey, emulator.BaseUri, tenant.UserId, tenant.ShopifyCredentialId, tenant.SlackCredentialId,
            tenant.ChannelId, state };

        var first = host.Invoke(Run, arguments);
        var readByFirst = SchemaTestKit.SchemaReads(emulator);
        var second = host.Invoke(Run, arguments); // a new connection, as a new process would have

        Assert.Empty(first.Errors);
        Assert.Empty(second.Errors);
        var facts = FileOrderLedger.OpenReadOnly(new LedgerPaths(state, tenant.UserId, tenant.ShopifyCredentialId)).Facts;
        Assert.Contains("schema/shopify/listOrders", facts.Keys);
        Assert.Contains("schema/slack/chat_postMessage", facts.Keys);
        Assert.True(readByFirst >= 2, $"the first run reads the schemas it uses ({readByFirst})");
        // Only the schemas used before the state is open are read again: getShop and the channel check
        // (conversations_info), which must answer before anything is stored.
        Assert.InRange(SchemaTestKit.SchemaReads(emulator) - readByFirst, 0, 2);
        Assert.True(readByFirst - (SchemaTestKit.SchemaReads(emulator) - readByFirst) >= 2,
            "the schemas read after the state opened came from it");
    }
}
