using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Tests.Slack;

public class BlockKitLimitsTests
{
    private static string Text(JsonNode? textObject) => textObject!["text"]!.GetValue<string>();

    [Fact]
    public void Header_is_cut_to_150()
    {
        var blocks = new JsonArray(BlockKit.Header(new string('h', 151)));
        BlockKitLimits.Enforce(blocks);
        var text = Text(blocks[0]!["text"]);
        Assert.Equal(150, text.Length);
        Assert.EndsWith("…", text);
    }

    [Fact]
    public void Section_text_is_cut_to_3000()
    {
        var blocks = new JsonArray(BlockKit.Section(new string('s', 3001)));
        BlockKitLimits.Enforce(blocks);
        Assert.Equal(3000, Text(blocks[0]!["text"]).Length);
        Assert.EndsWith("…", Text(blocks[0]!["text"]));
    }

    [Fact]
    public void Fields_are_cut_to_2000_and_at_most_ten()
    {
        var fields = Enumerable.Range(0, 11).Select(i => i == 0 ? new string('f', 2001) : "ok").ToArray();
        var blocks = new JsonArray(BlockKit.Fields(null, fields));
        var changes = new List<string>();
        BlockKitLimits.Enforce(blocks, changes);
        var kept = blocks[0]!["fields"]!.AsArray();
        Assert.Equal(10, kept.Count);
        Assert.Equal(2000, Text(kept[0]).Length);
        Assert.EndsWith("…", Text(kept[0]));
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void At_most_fifty_blocks_with_a_note_for_the_rest()
    {
        var blocks = new JsonArray(Enumerable.Range(0, 60).Select(i => (JsonNode)BlockKit.Section("block " + i)).ToArray());
        BlockKitLimits.Enforce(blocks);
        Assert.Equal(50, blocks.Count);
        Assert.Equal("block 48", Text(blocks[48]!["text"]));
        Assert.Equal("context", blocks[49]!["type"]!.GetValue<string>());
        Assert.Contains("and 11 more blocks", blocks[49]!["elements"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Button_text_value_and_action_id_are_cut()
    {
        var button = BlockKit.Button(new string('b', 76), new string('a', 256), value: new string('v', 2001));
        var blocks = new JsonArray(BlockKit.Actions(null, button));
        BlockKitLimits.Enforce(blocks);
        var kept = blocks[0]!["elements"]![0]!;
        Assert.Equal(75, Text(kept["text"]).Length);
        Assert.Equal(255, kept["action_id"]!.GetValue<string>().Length);
        Assert.Equal(2000, kept["value"]!.GetValue<string>().Length);
        Assert.EndsWith("…", kept["value"]!.GetValue<string>());
    }

    [Fact]
    public void A_button_whose_url_is_too_long_is_dropped_not_cut()
    {
        var blocks = new JsonArray(BlockKit.Actions(null,
            BlockKit.Button("View", "view", url: "https://example.com/" + new string('p', 3000)),
            BlockKit.Button("Ack", "acknowledge_order", value: "x")));
        BlockKitLimits.Enforce(blocks);
        var elements = blocks[0]!["elements"]!.AsArray();
        Assert.Single(elements);
        Assert.Equal("acknowledge_order", elements[0]!["action_id"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_reports_each_limit_without_changing_anything()
    {
        var blocks = new JsonArray(
            BlockKit.Header(new string('h', 151)),
            BlockKit.Section(new string('s', 3001)),
            BlockKit.Fields(null, new string('f', 2001)),
            BlockKit.Actions(null, BlockKit.Button("b", "a", value: new string('v', 2001))));
        var before = blocks.ToJsonString();
        var problems = BlockKitLimits.Validate(blocks);
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("limit is 150"));
        Assert.Contains(problems, p => p.Contains("limit is 3000"));
        Assert.Contains(problems, p => p.Contains("limit is 2000") && p.Contains("field 1"));
        Assert.Contains(problems, p => p.Contains("value") && p.Contains("limit is 2000"));
        Assert.Equal(before, blocks.ToJsonString());
    }

    [Fact]
    public void Validate_finds_structural_problems_that_truncation_cannot_fix()
    {
        var blocks = new JsonArray(new JsonObject { ["text"] = "no type" }, new JsonObject { ["type"] = "section" },
            new JsonObject { ["type"] = "header", ["text"] = BlockKit.Mrkdwn("mrkdwn in a header") });
        var problems = BlockKitLimits.StructuralProblems(blocks);
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void Fine_blocks_have_no_problems()
    {
        var blocks = new JsonArray(BlockKit.Header("Hi"), BlockKit.Section("text"), BlockKit.Divider(), BlockKit.Context("c"),
            BlockKit.Actions(null, BlockKit.Button("Go", "go", url: "https://example.com")));
        Assert.Empty(BlockKitLimits.Validate(blocks));
    }
}
