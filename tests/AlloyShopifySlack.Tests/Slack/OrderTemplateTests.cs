using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Tests.Slack;

public class OrderTemplateTests
{
    private readonly OrderMessageBuilder _builder = new();

    private SlackMessage Build(OrderMessageTemplate template, string? customer = "John Doe", bool ack = false, string? store = null) =>
        _builder.Build(Orders.Sample(customer: customer), new OrderMessageOptions { Template = template, WithAcknowledgeButton = ack,
            StoreDomain = store });

    [Fact]
    public void Placeholder_text_fills_and_escapes_values()
    {
        var message = Build(OrderMessageTemplate.Parse("{Name} from {CustomerName}: {Total} {Currency}"), customer: "<!channel> & Co");
        const string expected = "#1001 from &lt;!channel&gt; &amp; Co: 1,250.00 USD";
        Assert.Equal(expected, message.Text);
        Assert.Equal(expected, message.Blocks![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("shopify_order_alert", message.Metadata!["event_type"]!.GetValue<string>());
    }

    [Fact]
    public void Placeholder_text_keeps_the_templates_own_markup()
    {
        var message = Build(OrderMessageTemplate.Parse("<!here> *{Name}* ({CustomerName})"), customer: "<!everyone>");
        Assert.Equal("<!here> *#1001* (&lt;!everyone&gt;)", message.Text);
    }

    [Fact]
    public void Placeholders_are_case_insensitive_and_take_formats()
    {
        var message = Build(OrderMessageTemplate.Parse("{name}: {Total:N0} on {CreatedAt:yyyy-MM-dd}, {{literal}}, {ItemCount} item"));
        Assert.Equal("#1001: 1,250 on 2024-01-15, {literal}, 1 item", message.Text);
    }

    [Fact]
    public void Guest_orders_fill_CustomerName_with_Guest()
    {
        Assert.Equal("Guest", Build(OrderMessageTemplate.Parse("{CustomerName}"), customer: null).Text);
    }

    [Theory]
    [InlineData("{Nmae} ordered", "Nmae")]
    [InlineData("{Name ordered", "without its")]
    [InlineData("Name} ordered", "without its")]
    public void A_bad_template_fails_at_once_and_says_why(string template, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => OrderMessageTemplate.Parse(template));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Placeholder_text_keeps_the_standard_buttons()
    {
        var message = Build(OrderMessageTemplate.Parse("{Name}"), ack: true, store: "acme");
        var actions = message.Blocks!.Last()!;
        Assert.Equal("order_actions", actions["block_id"]!.GetValue<string>());
        Assert.Equal(2, actions["elements"]!.AsArray().Count);
    }

    [Fact]
    public void A_json_template_fills_strings_escaping_mrkdwn_but_not_plain_text()
    {
        const string template = """
            [{"type":"header","text":{"type":"plain_text","text":"Order {Name} for {CustomerName}"}},
             {"type":"section","text":{"type":"mrkdwn","text":"*{CustomerName}* paid {Amount}"}}]
            """;
        var message = Build(OrderMessageTemplate.Parse(template), customer: "A<B>");
        Assert.Equal("Order #1001 for A<B>", message.Blocks![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("*A&lt;B&gt;* paid USD 1,250.00", message.Blocks![1]!["text"]!["text"]!.GetValue<string>());
        Assert.StartsWith("🎉 High-value order #1001", message.Text);
    }

    [Fact]
    public void A_json_template_object_may_carry_its_own_text()
    {
        var message = Build(OrderMessageTemplate.Parse("""{"text":"New order """ +
            """{Name}","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"{Name}"}}]}"""));
        Assert.Equal("New order #1001", message.Text);
        Assert.Single(message.Blocks!);
    }

    [Fact]
    public void A_json_template_with_a_bad_placeholder_fails_at_once()
    {
        Assert.Throws<ArgumentException>(() => OrderMessageTemplate.Parse(
            """[{"type":"section","text":{"type":"mrkdwn","text":"{Bogus}"}}]"""));
    }

    [Fact]
    public void A_function_template_is_held_to_the_limits()
    {
        var template = OrderMessageTemplate.FromBlocks(o => new JsonArray(
            Enumerable.Range(0, 70).Select(i => (JsonNode)BlockKit.Section(new string('x', 4000))).ToArray()));
        var message = Build(template);
        Assert.Equal(50, message.Blocks!.Count);
        Assert.Empty(BlockKitLimits.Validate(message.Blocks!));
        Assert.NotEmpty(message.Adjustments);
    }

    [Fact]
    public void A_function_template_gets_the_acknowledge_button_when_asked_and_missing()
    {
        var message = Build(OrderMessageTemplate.FromBlocks(o => new JsonArray(BlockKit.Section("hi"))), ack: true);
        Assert.Equal(2, message.Blocks!.Count);
        Assert.Equal("acknowledge_order", message.Blocks![1]!["elements"]![0]!["action_id"]!.GetValue<string>());
    }

    [Fact]
    public void A_function_template_that_already_has_the_button_is_left_alone()
    {
        var message = Build(OrderMessageTemplate.FromBlocks(o => new JsonArray(
            BlockKit.Actions(null, BlockKit.Button("Ack", "acknowledge_order", value: "v")))), ack: true);
        Assert.Single(message.Blocks!);
    }

    [Fact]
    public void A_template_that_gives_broken_blocks_is_a_clear_error()
    {
        var error = Assert.Throws<SlackTemplateException>(() => Build(OrderMessageTemplate.FromBlocks(
            o => new JsonArray(new JsonObject { ["text"] = "x" }))));
        Assert.Contains("no type", error.Message);
        Assert.Equal("SlackTemplateInvalid", error.ErrorId);
    }

    [Fact]
    public void A_template_that_throws_names_the_order()
    {
        var error = Assert.Throws<SlackTemplateException>(() => Build(OrderMessageTemplate.FromBlocks(
            o => throw new InvalidOperationException("boom"))));
        Assert.Contains("#1001", error.Message);
        Assert.Contains("boom", error.Message);
    }
}
