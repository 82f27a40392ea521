using System.Management.Automation;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Cmdlets.Slack;

/// <summary>ConvertTo-SlackOrderMessage: order → Block Kit message (fallback text, blocks, metadata). Sends nothing.</summary>
[Cmdlet(VerbsData.ConvertTo, "SlackOrderMessage", DefaultParameterSetName = ByOrder)]
[OutputType(typeof(SlackMessage))]
public sealed class ConvertToSlackOrderMessageCommand : SlackOrderCmdlet
{
    protected override void ProcessRecord()
    {
        var order = CurrentOrder();
        try
        {
            WriteObject(SlackOutput.Typed(BuildMessage(order), SlackOutput.MessageType));
        }
        catch (SlackTemplateException ex)
        {
            WriteError(ErrorRecords.From(ex, order));
        }
    }
}
