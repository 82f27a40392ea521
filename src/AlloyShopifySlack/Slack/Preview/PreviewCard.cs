namespace AlloyShopifySlack.Slack.Preview;

/// <summary>One message on the preview page, with a caption saying where it would go and why.</summary>
public sealed class PreviewCard
{
    public PreviewCard(SlackMessage message, string? caption = null)
    {
        Message = message;
        Caption = caption;
    }

    private PreviewCard(string? caption, string problem)
    {
        Caption = caption;
        Problem = problem;
    }

    /// <summary>A message that could not be built: the page shows the reason where the message would be.</summary>
    public static PreviewCard Failed(string? caption, string problem) => new PreviewCard(caption, problem);

    public SlackMessage? Message { get; }
    public string? Caption { get; }
    public string? Problem { get; }
}
