namespace AlloyShopifySlack.Slack.Preview;

/// <summary>
/// Messages → one self-contained HTML page, a card per message in Slack's look. Pure: the same cards give the
/// same page. The page needs nothing from the network and may load nothing (its Content-Security-Policy allows
/// only its own inline style sheet), and every text in it is escaped, so a hostile order cannot script it.
/// </summary>
public static class SlackPreviewPage
{
    public const string DefaultTitle = "Slack message preview";
    public const string AppName = "Order alerts";

    public static string Render(IReadOnlyList<PreviewCard> cards, string? title = null, string? subtitle = null)
    {
        title = string.IsNullOrWhiteSpace(title) ? DefaultTitle : title!;
        var html = new StringBuilder(4096 + cards.Count * 4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src ").Append(
                PreviewStyles.HashSource)
            .Append("; base-uri 'none'; form-action 'none'\">\n")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(HtmlText.Escape(title)).Append("</title>\n")
            .Append("<style>").Append(PreviewStyles.Css).Append("</style></head>\n<body><main>\n")
            .Append("<header class=\"page-head\"><h1>").Append(HtmlText.Escape(title)).Append("</h1><p>");
        if (!string.IsNullOrWhiteSpace(subtitle)) html.Append(HtmlText.Escape(subtitle)).Append(" · ");
        html.Append(Count(cards.Count)).Append(". Nothing on this page was sent to Slack.</p></header>\n");
        if (cards.Count == 0) html.Append("<section class=\"card none\">No messages: nothing would be posted.</section>\n");
        for (var i = 0; i < cards.Count; i++) Card(cards[i], i + 1, html);
        html.Append("</main></body></html>\n");
        return html.ToString();
    }

    private static void Card(PreviewCard card, int number, StringBuilder html)
    {
        html.Append("<article class=\"card\" id=\"message-").Append(number.ToString(CultureInfo.InvariantCulture)).Append("\">");
        if (!string.IsNullOrWhiteSpace(card.Caption)) html.Append("<div class=\"caption\">").Append(HtmlText.Escape(card.Caption))
            .Append("</div>");
        if (card.Message == null)
        {
            html.Append("<div class=\"problem\">This message could not be built: ").Append(HtmlText.Escape(card.Problem)).Append(
                "</div></article>\n");
            return;
        }
        var message = card.Message;
        html.Append("<div class=\"msg\"><div class=\"avatar\">A</div><div class=\"body\"><div class=\"meta\"><span class=\"app\">")
            .Append(HtmlText.Escape(AppName)).Append("</span><span class=\"badge\">APP</span><span class=\"time\">preview</span></div>")
            .Append("<div class=\"blocks\">").Append(BlockKitHtml.Render(message.Blocks, message.Text)).Append("</div></div></div>")
            .Append("<footer class=\"foot\"><div>Notification text: <span class=\"fallback\">").Append(MrkdwnHtml.Inline(message.Text))
                .Append("</span></div>");
        foreach (var adjustment in message.Adjustments)
            html.Append("<div class=\"adjustment\">Cut to fit Slack's limits: ").Append(HtmlText.Escape(adjustment)).Append("</div>");
        if (message.Blocks != null && message.Blocks.Count > 0)
            html.Append("<div><a class=\"builder\" href=\"").Append(HtmlText.Escape(message.PreviewUrl))
                .Append("\" target=\"_blank\" rel=\"noopener noreferrer\">Open in Slack's Block Kit Builder</a></div>");
        html.Append("</footer></article>\n");
    }

    private static string Count(int n) => n == 1 ? "1 message" : n.ToString(CultureInfo.InvariantCulture) + " messages";
}
