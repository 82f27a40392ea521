using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Setup
{
    /// <summary>A Slack channel as conversations.list gives it.</summary>
    public sealed class SlackChannel
    {
        public SlackChannel(string id, string name, bool isPrivate)
        {
            Id = id;
            Name = name;
            IsPrivate = isPrivate;
        }

        public string Id { get; }
        public string Name { get; }
        public bool IsPrivate { get; }
        public override string ToString() => "#" + Name;
    }

    /// <summary>Slack's channel list through Alloy (conversations_list), for set-up and tab completion.</summary>
    public static class SlackChannels
    {
        private static readonly Regex ChannelId = new Regex("^[CGD][A-Z0-9]{6,}$", RegexOptions.CultureInvariant);

        public static bool LooksLikeId(string text) => ChannelId.IsMatch(text);

        /// <summary>Reads up to <paramref name="maxPages"/> pages of channels (not archived), following next_cursor.</summary>
        public static async Task<IReadOnlyList<SlackChannel>> ListAsync(AlloyClient client, string connectorId, string credentialId, CancellationToken ct, int maxPages = 5)
        {
            var channels = new List<SlackChannel>();
            string? cursor = null;
            for (var page = 0; page < maxPages; page++)
            {
                var query = new JsonObject { ["types"] = "public_channel,private_channel", ["exclude_archived"] = true, ["limit"] = 200 };
                if (cursor != null) query["cursor"] = cursor;
                var answer = await client.ExecuteAsync(connectorId, "conversations_list",
                    new ActionRequest(credentialId) { Idempotent = true, QueryParameters = query }, ct).ConfigureAwait(false);
                if (JsonRead.Bool(answer, "ok") == false)
                {
                    var code = JsonRead.String(answer, "error") ?? "unknown_error";
                    throw new ProviderException("Slack", code, $"Slack refused conversations.list: {code}.");
                }
                foreach (var item in JsonRead.Array(JsonRead.Property(answer, "channels")))
                {
                    var id = JsonRead.String(item, "id");
                    if (string.IsNullOrEmpty(id)) continue;
                    channels.Add(new SlackChannel(id!, JsonRead.String(item, "name") ?? id!, JsonRead.Bool(item, "is_private") ?? false));
                }
                cursor = JsonRead.String(JsonRead.Property(answer, "response_metadata") ?? default, "next_cursor");
                if (string.IsNullOrEmpty(cursor)) break;
            }
            return channels;
        }

        /// <summary>Turns "#alerts", "alerts" or "C0123456789" into a channel id (ids are returned as they are).</summary>
        public static async Task<string> ResolveAsync(AlloyClient client, string connectorId, string credentialId, string nameOrId, CancellationToken ct)
        {
            var text = nameOrId.Trim();
            if (LooksLikeId(text)) return text;
            var name = text.TrimStart('#');
            var channels = await ListAsync(client, connectorId, credentialId, ct).ConfigureAwait(false);
            var match = channels.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
            if (match != null) return match.Id;
            throw new OnboardingException("SlackChannelNotFound", OnboardingFailure.InvalidInput,
                $"Slack has no channel named '#{name}' that this connection can see ({channels.Count} channels listed).",
                "Pass the channel id (Slack: channel details → bottom of the About tab), or invite the app to the channel first.");
        }
    }
}
