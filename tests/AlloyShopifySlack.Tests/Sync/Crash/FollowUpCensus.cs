using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.FollowUps;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Tests.Sync.Crash;

/// <summary>
/// Changes made to alerted orders while syncs run and die, and what the threads say about them afterwards: every
/// changed order has replies numbered 1..k without a gap or a repeat (k at most the changes made: changes that
/// came between two runs share a reply), its alert shows its final state, and an unchanged order has no reply.
/// </summary>
public sealed class FollowUpCensus
{
    private readonly EmulatorServer _emulator;
    private readonly AlertCensus _alerts;
    private readonly Dictionary<string, int> _changes = new();

    public FollowUpCensus(EmulatorServer emulator, AlertCensus alerts)
    {
        _emulator = emulator;
        _alerts = alerts;
    }

    public int Changes => _changes.Values.Sum();

    /// <summary>Up to <paramref name="count"/> random changes (cancel, refund, edit, fulfil) to orders that have an alert
    /// already.</summary>
    public void ChangeSome(Random random, int count)
    {
        var alerted = _alerts.MessagesPerOrder().Keys.Where(_alerts.Alerted.ContainsKey).OrderBy(id => id, StringComparer.Ordinal).ToList();
        for (var n = 0; n < count && alerted.Count > 0; n++)
        {
            var id = alerted[random.Next(alerted.Count)];
            try
            {
                var store = _emulator.State.Shopify;
                switch (random.Next(4))
                {
                    case 0: store.Cancel(id); break;
                    case 1: store.Refund(id, random.Next(2) == 0 ? 50m : null); break;
                    case 2: store.Edit(id, new[] { 400m, 900m, 3100m }[random.Next(3)]); break;
                    default: store.Fulfill(id); break;
                }
                _changes[id] = _changes.GetValueOrDefault(id) + 1;
            }
            catch (InvalidOperationException) { } // cancelled twice, nothing left to refund ...: the merchant could not either
        }
    }

    /// <summary>"ok", or a readable list of what is wrong.</summary>
    public string Verdict()
    {
        var problems = new List<string>();
        var identity = _emulator.State.Slack.Identity;
        foreach (var message in _emulator.State.Slack.AllMessages().Where(m => m.ThreadTs == null))
        {
            var numbers = MessageIdentity.Read(Json(message.ToJson(identity, true))).OrderNumbers;
            if (numbers.Count != 1) continue;
            var id = "gid://shopify/Order/" + numbers.First();
            var keys = _emulator.State.Slack.Replies(message.Channel, message.Ts)
                .SelectMany(r => MessageIdentity.Read(Json(r.ToJson(identity, true))).FollowUpKeys).ToList();
            var seqs = keys.Select(k => int.Parse(k[(k.LastIndexOf('.') + 1)..], CultureInfo.InvariantCulture)).OrderBy(s => s).ToList();
            var made = _changes.GetValueOrDefault(id);
            if (!seqs.SequenceEqual(Enumerable.Range(1, seqs.Count))) problems.Add($"{id} replies [{string.Join(",", seqs)}]");
            else if (made == 0 && seqs.Count > 0) problems.Add($"{id} unchanged but {seqs.Count} repl(ies)");
            else if (made > 0 && (seqs.Count == 0 || seqs.Count > made)) problems.Add($"{id} {made} change(s), {seqs.Count} repl(ies)");
            if (made == 0) continue;
            var expected = FollowUpText.Status(Snapshot(id), _alerts.Alerted[id], 500m, "USD");
            var shown = FollowUpMessages.StatusOf(message.ToJson(identity, true));
            if (shown != expected) problems.Add($"{id} shows '{shown}', not '{expected}'");
        }
        return problems.Count == 0 ? "ok" : $"{problems.Count} wrong: " + string.Join("; ", problems.Take(6));
    }

    private OrderSnapshot Snapshot(string id)
    {
        var order = _emulator.State.Shopify.FindById(id)!;
        return OrderSnapshot.Of(ShopifyOrderParser.Parse(Json(order.ToNode()), null));
    }

    private static JsonElement Json(System.Text.Json.Nodes.JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement;
}
