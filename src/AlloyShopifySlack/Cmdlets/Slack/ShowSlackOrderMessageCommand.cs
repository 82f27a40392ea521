using System.Management.Automation;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Slack.Preview;

namespace AlloyShopifySlack.Cmdlets.Slack;

/// <summary>
/// Show-SlackOrderMessage: messages (from ConvertTo-SlackOrderMessage) or orders (built with the same template
/// parameters) drawn on one offline HTML page as Slack would show them, opened in the browser. Sends nothing.
/// </summary>
[Cmdlet(VerbsCommon.Show, "SlackOrderMessage", DefaultParameterSetName = ByOrder)]
[OutputType(typeof(FileInfo))]
public sealed class ShowSlackOrderMessageCommand : SlackOrderCmdlet
{
    private const string ByMessage = "Message";

    /// <summary>A message from ConvertTo-SlackOrderMessage (or any AlloyShopifySlack.SlackMessage).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByMessage)]
    [ValidateNotNull]
    public SlackMessage? Message { get; set; }

    /// <summary>Where to write the page (a file, or a folder for slack-preview.html). Default: a new file in the temp folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Only write the page; do not open a browser.</summary>
    [Parameter]
    public SwitchParameter NoBrowser { get; set; }

    private readonly List<PreviewCard> _cards = new List<PreviewCard>();

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByMessage)
        {
            _cards.Add(new PreviewCard(Message!, Message!.OrderName != null ? "Order " + Message.OrderName : null));
            return;
        }
        var order = CurrentOrder();
        try
        {
            _cards.Add(new PreviewCard(BuildMessage(order), "Order " + order.Name));
        }
        catch (SlackTemplateException ex)
        {
            WriteError(ErrorRecords.From(ex, order));
            _cards.Add(PreviewCard.Failed("Order " + order.Name, ex.Message));
        }
    }

    protected override void EndProcessing()
    {
        try
        {
            WriteObject(PreviewOutput.Write(this, _cards, Path, NoBrowser, subtitle: null));
        }
        finally
        {
            base.EndProcessing();
        }
    }
}
