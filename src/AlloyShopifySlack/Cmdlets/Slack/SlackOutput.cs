using System;
using System.Management.Automation;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Cmdlets.Slack
{
    /// <summary>The contract's type names for Slack objects, and error records that carry Slack's remedy.</summary>
    internal static class SlackOutput
    {
        public const string MessageType = "AlloyShopifySlack.SlackMessage";
        public const string AlertResultType = "AlloyShopifySlack.SlackAlertResult";
        public const string PostResultType = "AlloyShopifySlack.SlackPostResult";
        public const string ConnectionTestType = "AlloyShopifySlack.SlackConnectionTestResult";

        public static PSObject Typed(object value, string typeName) => TypedOutput.As(value, typeName);

        /// <summary>An error record whose RecommendedAction is Slack's remedy (not_in_channel → invite the app ...).</summary>
        public static ErrorRecord Error(Exception exception, object? target)
        {
            var record = ErrorRecords.From(exception, target);
            if (exception is SlackApiException slack)
                record.ErrorDetails = new ErrorDetails(slack.Message) { RecommendedAction = slack.Remedy };
            return record;
        }
    }
}
