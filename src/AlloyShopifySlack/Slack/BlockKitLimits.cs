namespace AlloyShopifySlack.Slack;

/// <summary>
/// Block Kit's limits, as Slack documents them. <see cref="Enforce"/> makes any block list fit them by truncating with
/// an ellipsis (Slack would reject the whole message otherwise: invalid_blocks); <see cref="Validate"/> reports
/// what does not fit or is malformed, without changing anything.
/// </summary>
public static class BlockKitLimits
{
    public const int MaxBlocks = 50;
    public const int HeaderText = 150;
    public const int SectionText = 3000;
    public const int FieldText = 2000;
    public const int MaxFields = 10;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int ActionId = 255;
    public const int BlockId = 255;
    public const int Url = 3000;
    public const int AccessibilityLabel = 75;
    public const int MaxActionElements = 25;
    public const int MaxContextElements = 10;
    /// <summary>Context text elements share the section field limit in practice.</summary>
    public const int ContextText = 2000;
    /// <summary>Slack truncates the top-level text beyond this.</summary>
    public const int MessageText = 40000;

    /// <summary>Truncates whatever exceeds a limit, in place, and returns the same array. Each change is described in <paramref
    /// name="changes"/>.</summary>
    public static JsonArray Enforce(JsonArray blocks, ICollection<string>? changes = null)
    {
        var log = changes ?? new List<string>();
        if (blocks.Count > MaxBlocks)
        {
            var dropped = blocks.Count - (MaxBlocks - 1);
            while (blocks.Count > MaxBlocks - 1) blocks.RemoveAt(blocks.Count - 1);
            blocks.Add(BlockKit.Context($"{SlackText.Ellipsis}and {dropped} more blocks not shown (Slack allows {MaxBlocks})."));
            log.Add($"The message had {dropped + MaxBlocks - 1} blocks; kept the first {MaxBlocks - 1} and noted the rest.");
        }
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is JsonObject block) new BlockWalker(block, i, log, fix: true).Walk();
        }
        return blocks;
    }

    /// <summary>Every limit exceeded and every structural problem Slack would refuse, one sentence each; empty when fine.</summary>
    public static IReadOnlyList<string> Validate(JsonArray blocks)
    {
        var problems = new List<string>();
        if (blocks.Count > MaxBlocks) problems.Add($"The message has {blocks.Count} blocks; Slack allows {MaxBlocks}.");
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is JsonObject block) new BlockWalker(block, i, problems, fix: false).Walk();
            else problems.Add($"Block {i + 1} is not an object.");
        }
        return problems;
    }

    /// <summary>Problems that truncation cannot fix (a missing type or text): what remains of Validate after Enforce.</summary>
    public static IReadOnlyList<string> StructuralProblems(JsonArray blocks)
    {
        var copy = (JsonArray)blocks.DeepClone();
        Enforce(copy);
        return Validate(copy);
    }

    internal static string? TypeOf(JsonNode? node) =>
        node is JsonObject o && o["type"] is JsonValue v && v.TryGetValue<string>(out var type) ? type : null;

    internal static string? StringOf(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    internal static bool HasString(JsonObject o, string name, string value) => StringOf(o[name]) == value;

    internal static IEnumerable<JsonObject> Objects(JsonNode? node) =>
        node is JsonArray array ? array.OfType<JsonObject>() : Enumerable.Empty<JsonObject>();
}
