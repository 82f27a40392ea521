using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Cmdlets.Slack
{
    /// <summary>The Slack client of a cmdlet: the resolved connection, SLACK_CREDENTIAL_ID and SLACK_CONNECTOR_ID.</summary>
    internal static class SlackConnectionParts
    {
        public static SlackClient Client(AlloyConnection connection, string credentialId, string? connectorId) =>
            new SlackClient(connection.Client, credentialId, string.IsNullOrWhiteSpace(connectorId) ? SettingNames.DefaultSlackConnector : connectorId!);
    }
}
