using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Tests.Interactions;

public class InteractionPayloadParserTests
{
    [Fact]
    public void A_block_actions_form_is_read_into_the_click()
    {
        var body = SlackRequests.FormBody(SlackRequests.BlockActions());
        var payload = InteractionPayloadParser.Parse(body, 0, body.Length);

        Assert.True(payload.IsBlockActions);
        Assert.Equal("U0CLICKER", payload.UserId);
        Assert.Equal("roadrunner", payload.UserName);
        Assert.Equal(SlackRequests.Channel, payload.ChannelId);
        Assert.Equal(SlackRequests.Ts, payload.MessageTs);
        var action = Assert.Single(payload.Actions);
        Assert.Equal("acknowledge_order", action.ActionId);
        Assert.Equal("#1001|gid://shopify/Order/1001", action.Value);
        Assert.NotNull(payload.Message?["blocks"]);
    }

    [Fact]
    public void Plus_signs_and_percent_escapes_are_decoded_and_other_fields_ignored()
    {
        var payload = InteractionPayloadParser.Parse("token=legacy&payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%22id%" +
            "22%3A%22U1%22%2C%22name%22%3A%22a+b%22%7D%7D");
        Assert.Equal("block_actions", payload.Type);
        Assert.Equal("a b", payload.UserName);
        Assert.Empty(payload.Actions);
    }

    [Fact]
    public void Other_interaction_types_are_read_but_are_not_block_actions()
    {
        var payload = InteractionPayloadParser.Parse("payload=" + Uri.EscapeDataString("{\"type\":\"shortcut\",\"callback_id\":\"x\"}"));
        Assert.Equal("shortcut", payload.Type);
        Assert.False(payload.IsBlockActions);
    }

    [Theory]
    [InlineData("{\"type\":\"block_actions\"}")]                      // JSON, not a form
    [InlineData("token=abc&team_id=T1")]                              // a form without payload
    [InlineData("payload=")]                                          // an empty payload
    [InlineData("payload=%7Bnot%20json")]                             // payload that is not JSON
    [InlineData("payload=%5B1%2C2%5D")]                               // JSON that is not an object
    [InlineData("payload=%7B%22user%22%3A%7B%7D%7D")]                 // an object without type
    [InlineData("payload=%7B%22type%22%3A%22a%22%7D&payload=%7B%7D")] // two payloads
    public void Bodies_that_are_not_an_interaction_form_are_refused(string body)
    {
        Assert.Throws<InteractionPayloadException>(() => InteractionPayloadParser.Parse(body));
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_are_refused()
    {
        var body = new byte[] { (byte)'p', (byte)'=', 0xff, 0xfe };
        Assert.Throws<InteractionPayloadException>(() => InteractionPayloadParser.Parse(body, 0, body.Length));
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", true)]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8", true)]
    [InlineData("Application/X-WWW-Form-Urlencoded", true)]
    [InlineData("application/json", false)]
    [InlineData("multipart/form-data; boundary=x", false)]
    [InlineData(null, false)]
    public void Only_url_encoded_forms_are_accepted(string? contentType, bool expected)
    {
        Assert.Equal(expected, InteractionPayloadParser.IsFormContentType(contentType));
    }
}
