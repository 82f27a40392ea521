using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Slack;

/// <summary>Reads Slack's answer as Alloy hands it over: ok:false is a failure even though the HTTP status was 200.</summary>
internal static class SlackAnswer
{
    public static JsonElement Check(string action, JsonElement answer, string? channel)
    {
        if (answer.ValueKind != JsonValueKind.Object)
            throw new AlloyMalformedResponseException($"Slack's answer to {action} is not a JSON object.");
        var ok = JsonRead.Bool(answer, "ok");
        var error = JsonRead.String(answer, "error");
        if (ok == false || (ok == null && !string.IsNullOrEmpty(error)))
        {
            throw new SlackApiException(action, string.IsNullOrEmpty(error) ? "unknown_error" : error!, channel,
                JsonRead.String(answer, "warning"), Details(answer), RetryHint(answer));
        }
        return answer;
    }

    private static IReadOnlyList<string> Details(JsonElement answer)
    {
        if (!answer.TryGetProperty("response_metadata", out var metadata)
            || metadata.ValueKind != JsonValueKind.Object) return Array.Empty<string>();
        var details = new List<string>();
        foreach (var name in new[] { "messages", "warnings" })
        {
            if (metadata.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
                details.AddRange(list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(
                    e => e.GetString() ?? string.Empty).Take(5));
        }
        return details;
    }

    /// <summary>A retry_after (seconds) in the body, when the connector passes Slack's hint on that way.</summary>
    private static TimeSpan? RetryHint(JsonElement answer)
    {
        foreach (var name in new[] { "retry_after", "retryAfter", "Retry-After" })
        {
            if (!answer.TryGetProperty(name, out var value)) continue;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds)
                && seconds >= 0) return TimeSpan.FromSeconds(seconds);
            if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float,
                CultureInfo.InvariantCulture, out seconds) && seconds >= 0)
                return TimeSpan.FromSeconds(seconds);
        }
        return null;
    }
}
