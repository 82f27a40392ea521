using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Slack;

/// <summary>A message template gave something Slack would refuse (no blocks, a block without text ...).</summary>
public sealed class SlackTemplateException : AlloyException
{
    public SlackTemplateException(string message, System.Exception? inner = null)
        : base("SlackTemplateInvalid", AlloyErrorKind.BadRequest, message, inner) { }
}
