using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Cmdlets.Slack;

/// <summary>
/// Test-SlackConnection: auth.test through Alloy, and optionally whether a channel is there and the app is in it.
/// A failure is reported in the result (Connected = $false, Error, Remedy), not thrown, so scripts can branch on it.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SlackConnection")]
[OutputType(typeof(SlackConnectionTestResult))]
public sealed class TestSlackConnectionCommand : AlloyCmdlet
{
    /// <summary>The Slack credential. Default SLACK_CREDENTIAL_ID.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? CredentialId { get; set; }

    /// <summary>A channel (id or name) to check as well: that it exists and that the app is a member.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.SlackChannelCompleter))]
    public string? Channel { get; set; }

    protected override void ProcessRecord()
    {
        var credential = RequireSetting(CredentialId, SettingNames.SlackCredentialId, nameof(CredentialId));
        var client = Clients().Slack(credential);
        var result = new SlackConnectionTestResult { CredentialId = credential, Channel = Channel };
        try
        {
            Run(async ct =>
            {
                var info = await client.AuthTestAsync(ct).ConfigureAwait(false);
                result.Team = info.Team;
                result.TeamId = info.TeamId;
                result.User = info.User;
                result.UserId = info.UserId;
                result.BotId = info.BotId;
                result.Url = info.Url;
                result.Connected = true;
                if (Channel == null) return;
                var name = Channel.TrimStart('#');
                var channels = await client.ListChannelsAsync(ct).ConfigureAwait(false);
                var found = channels.FirstOrDefault(c => c.Id == Channel) ?? channels.FirstOrDefault(
                    c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
                result.ChannelFound = found != null;
                result.ChannelIsMember = found?.IsMember;
                if (found == null) Fail(result, $"Channel {Channel} was not found among the channels the app can see.",
                    SlackErrorCodes.Remedy("channel_not_found"));
                else if (found.IsArchived) Fail(result, $"Channel {Channel} is archived.", SlackErrorCodes.Remedy("is_archived"));
                else if (!found.IsMember) Fail(result, $"The app is not a member of {Channel}.", SlackErrorCodes.Remedy("not_in_channel"));
                else result.Channel = found.Id;
            });
        }
        catch (SlackApiException ex)
        {
            Fail(result, ex.Message, ex.Remedy);
        }
        catch (AlloyException ex) when (!(ex is AlloyConfigurationException))
        {
            Fail(result, ex.Message, null);
        }
        catch (AlloyConfigurationException ex)
        {
            ThrowError(ex);
        }
        WriteObject(SlackOutput.Typed(result, SlackOutput.ConnectionTestType));
    }

    private static void Fail(SlackConnectionTestResult result, string error, string? remedy)
    {
        result.Connected = false;
        result.Error = error;
        result.Remedy = remedy;
    }
}
