using System.Collections;
using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Completion;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Tests.Setup;

public sealed class CompleterTests
{
    private static AlloyConnection Connection(EmulatorServer emulator)
    {
        var values = new Dictionary<string, ResolvedSetting>
        {
            [SettingNames.BaseUrl] = new(emulator.BaseUri.ToString(), "test"),
            [SettingNames.UserId] = new(emulator.Tenant.UserId, "test"),
            [SettingNames.SlackCredentialId] = new(emulator.Tenant.SlackCredentialId, "test"),
        };
        return AlloyConnection.Create(new SettingsResolver(values, _ => null, null), SecretText.ToSecureString(emulator.ApiKey), "test",
            values, "test");
    }

    private static List<CompletionResult> Complete(IArgumentCompleter completer, string word, IDictionary bound) =>
        completer.CompleteArgument("Any-Command", "Any", word, null!, bound).ToList();

    /// <summary>
    /// Completes until something comes back: a cold first request may outlast the completer's budget, in which case
    /// the list arrives on a later Tab (that behaviour has its own test below).
    /// </summary>
    private static async Task<List<CompletionResult>> CompleteEventually(IArgumentCompleter completer, string word, IDictionary bound)
    {
        var results = Complete(completer, word, bound);
        for (var i = 0; i < 60 && results.Count == 0; i++)
        {
            await Task.Delay(500);
            results = Complete(completer, word, bound);
        }
        return results;
    }

    [Fact]
    public async Task Connector_ids_come_from_the_connector_list_filtered_by_what_was_typed()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var connection = Connection(emulator);
        var bound = new Hashtable { ["Connection"] = connection };

        var all = await CompleteEventually(new ConnectorIdCompleter(), "", bound);
        var some = Complete(new ConnectorIdCompleter(), "sl", bound);

        Assert.Contains(all, r => r.CompletionText == "shopify");
        Assert.Contains(all, r => r.CompletionText == "googlesheets");
        Assert.Equal("slack", Assert.Single(some).CompletionText);
        Assert.All(all, r => Assert.Equal(CompletionResultType.ParameterValue, r.ResultType));
    }

    [Fact]
    public async Task Action_ids_come_from_the_bound_connector()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var connection = Connection(emulator);

        var none = Complete(new ActionIdCompleter(), "", new Hashtable { ["Connection"] = connection });
        var slack = await CompleteEventually(new ActionIdCompleter(), "chat_",
            new Hashtable { ["Connection"] = connection, ["ConnectorId"] = "slack" });
        var shopify = await CompleteEventually(new ActionIdCompleter(), "",
            new Hashtable { ["Connection"] = connection, ["ConnectorId"] = "shopify" });

        Assert.Empty(none);
        Assert.Contains(slack, r => r.CompletionText == "chat_postMessage");
        Assert.All(slack, r => Assert.StartsWith("chat_", r.CompletionText));
        Assert.Contains(shopify, r => r.CompletionText == "listOrders");
    }

    [Fact]
    public async Task Channels_are_offered_by_name_and_inserted_as_ids()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var connection = Connection(emulator);
        var bound = new Hashtable { ["Connection"] = connection };

        var results = await CompleteEventually(new SlackChannelCompleter(), "#order", bound);

        var alerts = Assert.Single(results, r => r.CompletionText == "C0ALERTS001");
        Assert.Equal("#order-alerts", alerts.ListItemText);
        Assert.DoesNotContain(results, r => r.CompletionText == emulator.Tenant.ArchivedChannelId);
    }

    [Fact]
    public async Task A_slow_answer_never_holds_the_prompt_and_fills_the_cache_for_the_next_tab()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        emulator.State.Faults.Add(FaultKind.Latency, "GET /connectors", count: 1, configure: f => f.LatencyMs = 8000);
        using var connection = Connection(emulator);
        var bound = new Hashtable { ["Connection"] = connection };

        // The server takes 8 s; the completer gives up after its budget and offers nothing yet.
        Assert.Empty(Complete(new ConnectorIdCompleter(), "", bound));

        // The fetch went on in the background: a later Tab finds the list (polling, not timing).
        var later = await CompleteEventually(new ConnectorIdCompleter(), "", bound);
        Assert.Contains(later, r => r.CompletionText == "shopify");
        var requests = emulator.State.Counters["GET /connectors"];
        Complete(new ConnectorIdCompleter(), "", bound);
        Assert.Equal(requests, emulator.State.Counters["GET /connectors"]);   // served from the cache
    }

    [Fact]
    public async Task An_unreachable_alloy_offers_nothing_and_does_not_throw()
    {
        var port = OAuthCallbackListenerTests.FreePort();   // nothing listens there
        var values = new Dictionary<string, ResolvedSetting> { [SettingNames.BaseUrl] = new($"http://127.0.0.1:{port}/", "test") };
        using var connection = AlloyConnection.Create(new SettingsResolver(values, _ => null, null), SecretText.ToSecureString("k"), "test",
            values, "test");
        var bound = new Hashtable { ["Connection"] = connection, ["ConnectorId"] = "slack" };

        Assert.Empty(await CompleteEventuallyOrEmpty(new ConnectorIdCompleter(), bound));
        Assert.Empty(await CompleteEventuallyOrEmpty(new ActionIdCompleter(), bound));
        Assert.Empty(await CompleteEventuallyOrEmpty(new SlackChannelCompleter(), bound));
    }

    private static async Task<List<CompletionResult>> CompleteEventuallyOrEmpty(IArgumentCompleter completer, IDictionary bound)
    {
        Complete(completer, "", bound);
        await Task.Delay(200);
        return Complete(completer, "", bound);
    }
}
