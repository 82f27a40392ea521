using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Slack;

public sealed partial class SlackClient
{
    /// <summary>Pages read at most by one listing: a cursor that never ends must not loop forever.</summary>
    public int MaxPages { get; set; } = 200;

    /// <summary>conversations.list: the public and private channels the credential can see, every page.</summary>
    public async Task<IReadOnlyList<SlackChannel>> ListChannelsAsync(CancellationToken ct)
    {
        var channels = new List<SlackChannel>();
        await foreach (var page in PagesAsync("conversations_list", cursor => new JsonObject
        {
            ["types"] = "public_channel,private_channel",
            ["exclude_archived"] = false,
            ["limit"] = 200,
        }, null, ct).ConfigureAwait(false))
        {
            foreach (var item in JsonRead.Array(JsonRead.Property(page, "channels")))
            {
                channels.Add(new SlackChannel
                {
                    Id = JsonRead.String(item, "id") ?? string.Empty,
                    Name = JsonRead.String(item, "name") ?? string.Empty,
                    IsPrivate = JsonRead.Bool(item, "is_private") ?? false,
                    IsMember = JsonRead.Bool(item, "is_member") ?? false,
                    IsArchived = JsonRead.Bool(item, "is_archived") ?? false,
                });
            }
        }
        return channels;
    }

    /// <summary>
    /// The ts of the newest message in the channel since <paramref name="oldest"/> whose metadata has
    /// <paramref name="eventType"/> and whose event_payload satisfies <paramref name="payloadMatches"/>; null when
    /// none does. Needs Slack to return metadata (include_all_metadata, which Alloy may drop); alerts are better
    /// found with <see cref="FindOrderMessageAsync"/>, which also reads block ids.
    /// </summary>
    public Task<string?> FindMessageByMetadataAsync(string channel, string eventType, Func<JsonElement, bool> payloadMatches,
        DateTimeOffset oldest, CancellationToken ct)
    {
        if (payloadMatches == null) throw new ArgumentNullException(nameof(payloadMatches));
        return FindMessageAsync(channel, message =>
        {
            var metadata = JsonRead.Property(message, "metadata");
            var payload = metadata == null ? null : JsonRead.Property(metadata.Value, "event_payload");
            return payload != null && JsonRead.String(metadata!.Value, "event_type") == eventType && payloadMatches(payload.Value);
        }, oldest, ct);
    }

    /// <summary>
    /// The ts of an order's alert, or of a digest that names the order (by metadata or by block id); null when
    /// neither is in the channel since <paramref name="oldest"/>.
    /// </summary>
    public Task<string?> FindOrderMessageAsync(string channel, string orderId, DateTimeOffset oldest, CancellationToken ct) =>
        FindMessageAsync(channel, message => MessageIdentity.Read(message).HasOrder(orderId), oldest, ct);

    private async Task<string?> FindMessageAsync(string channel, Func<JsonElement, bool> matches, DateTimeOffset oldest,
        CancellationToken ct)
    {
        string? found = null;
        var scan = await ScanHistoryAsync(channel, HistoryWindow.Since(oldest), message =>
        {
            if (!matches(message)) return false;
            found = JsonRead.String(message, "ts");
            return true;
        }, null, ct).ConfigureAwait(false);
        if (found != null || scan.Complete) return found;
        if (scan.Failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(scan.Failure).Throw();
        throw new AlloyException("SlackHistoryIncomplete", AlloyErrorKind.RateLimited,
            $"Could not read the history of {channel} back to {oldest.ToUniversalTime():u}: {scan.Incomplete}. Try again later.");
    }

    /// <summary>Slack's "seconds.micros" form of a time (oldest/latest arguments).</summary>
    public static string SlackTs(DateTimeOffset time)
    {
        var micros = (time.ToUniversalTime() - DateTimeOffset.FromUnixTimeSeconds(0)).Ticks / 10;
        if (micros < 0) micros = 0;
        return (micros / 1_000_000).ToString(CultureInfo.InvariantCulture) + "."
            + (micros % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>The pages of a cursor-paginated read (response_metadata.next_cursor), each checked for ok:false.</summary>
    private async IAsyncEnumerable<JsonElement> PagesAsync(string action, Func<string?, JsonObject> query, string? channel,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? cursor = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; page <= MaxPages; page++)
        {
            var parameters = query(cursor);
            if (!string.IsNullOrEmpty(cursor)) parameters["cursor"] = cursor;
            var request = new ActionRequest(CredentialId) { QueryParameters = parameters, Idempotent = true };
            var answer = await CallAsync(action, request, channel, ct).ConfigureAwait(false);
            yield return answer;
            cursor = JsonRead.String(JsonRead.Property(answer, "response_metadata") ?? default, "next_cursor");
            if (string.IsNullOrEmpty(cursor) || !seen.Add(cursor!)) yield break;
        }
        OperationContext.Log.Write(LogLevel.Warning, $"Stopped reading {action} after {MaxPages} pages.");
    }
}
