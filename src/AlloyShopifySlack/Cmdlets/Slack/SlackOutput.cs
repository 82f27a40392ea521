using System.Management.Automation;
using AlloyShopifySlack.Cmdlets.Infrastructure;

namespace AlloyShopifySlack.Cmdlets.Slack;

/// <summary>The contract's type names for Slack objects.</summary>
internal static class SlackOutput
{
    public const string MessageType = "AlloyShopifySlack.SlackMessage";
    public const string AlertResultType = "AlloyShopifySlack.SlackAlertResult";
    public const string PostResultType = "AlloyShopifySlack.SlackPostResult";
    public const string ConnectionTestType = "AlloyShopifySlack.SlackConnectionTestResult";

    public static PSObject Typed(object value, string typeName) => TypedOutput.As(value, typeName);
}
