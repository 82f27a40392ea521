using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Slack;

/// <summary>
/// Slack answered ok:false (as HTTP 200, Slack's way). <see cref="ProviderException.Code"/> is Slack's error code
/// (not_in_channel, channel_not_found ...); <see cref="Remedy"/> says what to do about it.
/// </summary>
public sealed class SlackApiException : ProviderException, IRemedy
{
    public SlackApiException(string method, string code, string? channel = null, string? warning = null,
        IReadOnlyList<string>? details = null, TimeSpan? retryAfter = null)
        : base("Slack", code, Describe(method, code, channel, details))
    {
        Method = method;
        Channel = channel;
        Warning = warning;
        Details = details ?? Array.Empty<string>();
        RetryAfter = retryAfter;
        Remedy = SlackErrorCodes.Remedy(code, method);
    }

    /// <summary>The Alloy action that failed (chat_postMessage ...).</summary>
    public string Method { get; }
    public string? Channel { get; }
    public string? Warning { get; }
    /// <summary>response_metadata.messages: Slack's detail, e.g. which block is invalid.</summary>
    public IReadOnlyList<string> Details { get; }
    /// <summary>Slack's hint for a rate limit, when it gave one.</summary>
    public TimeSpan? RetryAfter { get; }
    public string Remedy { get; }

    public bool IsRateLimited => SlackErrorCodes.IsRateLimited(Code);

    private static string Describe(string method, string code, string? channel, IReadOnlyList<string>? details)
    {
        var where = string.IsNullOrEmpty(channel) ? string.Empty : $" for channel {channel}";
        var detail = details == null || details.Count == 0 ? string.Empty : " (" + string.Join("; ", details) + ")";
        return $"Slack refused {method}{where}: {code}{detail}. {SlackErrorCodes.Remedy(code, method)}";
    }
}
