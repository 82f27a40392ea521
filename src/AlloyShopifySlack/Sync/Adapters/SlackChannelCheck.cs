using System.Text.RegularExpressions;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Sync.Adapters;

/// <summary>
/// The channel check on conversations.info, once per channel for the life of the job (a continuous run checks
/// in its first round only). A channel that cannot be checked (the credential lacks channels:read, or the
/// connector has no conversations_info) is reported and left to the post; a credential Slack refuses stops the run.
/// </summary>
public sealed class SlackChannelCheck : IChannelCheck
{
    private readonly SlackClient _slack;
    private readonly HashSet<string> _verified = new HashSet<string>(StringComparer.Ordinal);

    public SlackChannelCheck(SlackClient slack) { _slack = slack; }

    /// <summary>Lines of channels checked but not narrated yet (checked by <see cref="CheckAsync"/> before the run's narration).</summary>
    private readonly List<string> _toNarrate = new List<string>();

    public async Task<IReadOnlyList<string>> VerifyAsync(IReadOnlyCollection<string> channels, CancellationToken cancellationToken)
    {
        await CheckAsync(channels, cancellationToken).ConfigureAwait(false);
        var lines = _toNarrate.ToList();
        _toNarrate.Clear();
        return lines;
    }

    public async Task CheckAsync(IReadOnlyCollection<string> channels, CancellationToken cancellationToken)
    {
        var lines = _toNarrate;
        var problems = new List<SlackChannelProblem>();
        foreach (var channel in channels.Where(c => !_verified.Contains(c)))
        {
            // conversations.info takes ids only; a name is warned about by the cmdlet and left to the post.
            if (!LooksLikeId(channel)) continue;
            SlackChannel info;
            try
            {
                info = await _slack.GetChannelAsync(channel, cancellationToken).ConfigureAwait(false);
            }
            catch (SlackApiException ex) when (ex.Code == "channel_not_found")
            {
                problems.Add(new SlackChannelProblem(channel, null, SlackChannelProblemKind.NotFound));
                continue;
            }
            catch (Exception ex) when (CannotCheck(ex))
            {
                OperationContext.Log.Write(LogLevel.Warning, $"Could not check Slack channel {channel} before posting ({ex.Message}); " +
                    "the posts will tell.");
                _verified.Add(channel);
                continue;
            }
            if (info.IsArchived) problems.Add(new SlackChannelProblem(channel, info.Name, SlackChannelProblemKind.Archived));
            else if (!info.IsMember) problems.Add(new SlackChannelProblem(channel, info.Name, SlackChannelProblemKind.NotMember));
            else
            {
                _verified.Add(channel);
                lines.Add($"Slack channel: #{info.Name} ({channel}), the app is a member");
            }
        }
        if (problems.Count > 0) throw new SlackChannelUnusableException(problems);
    }

    private static bool LooksLikeId(string channel) => Regex.IsMatch(channel, "^[CGD][A-Z0-9]{5,}$");

    /// <summary>Failures that say nothing about the channel: the check is skipped, not the run.</summary>
    private static bool CannotCheck(Exception ex) =>
        (ex is SlackApiException slack && (slack.Code == "missing_scope" || slack.Code == "no_permission"
            || slack.Code == "not_allowed_token_type"
                                           || slack.Code == "unknown_method" || slack.Code == "method_deprecated"))
        || ex is AlloyNotFoundException || ex is AlloyBadRequestException;
}
