using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Slack;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Slack.Pacing;

namespace AlloyShopifySlack.Cmdlets.Infrastructure;

public abstract partial class AlloyCmdlet
{
    /// <summary>
    /// What Send-SlackMessage and Send-SlackOrderAlert post through: the Slack credential (-CredentialId, else
    /// SLACK_CREDENTIAL_ID), paced per channel by -ChannelRate and -ChannelBurst, its outcomes handed to emit on the pipeline thread.
    /// </summary>
    internal PipelineDispatch SlackDispatch(string? credentialId, double? channelRate, int? channelBurst, Action<AlertOutcome> emit)
    {
        var credential = RequireSetting(credentialId, SettingNames.SlackCredentialId, "CredentialId");
        var client = Clients().Slack(credential);
        client.ChannelLimit = ChannelLimit.From(channelRate, channelBurst);
        return new PipelineDispatch(NewPump(), client, emit, CancellationToken);
    }
}
