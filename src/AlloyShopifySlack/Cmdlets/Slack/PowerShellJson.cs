using System.Management.Automation;
using AlloyShopifySlack.Cmdlets.Infrastructure;

namespace AlloyShopifySlack.Cmdlets.Slack;

/// <summary>Block Kit as PowerShell users write it (hashtables, arrays, [pscustomobject], or a JSON string) → a block list.</summary>
internal static class PowerShellJson
{
    public static JsonNode? ToNode(object? value) => PSJson.ToJsonNode(value);

    /// <summary>Blocks from a parameter or a template's output: one block, a list of blocks, or a JSON string of either.</summary>
    public static JsonArray ToBlocks(object? value)
    {
        if (value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject)) value = wrapped.BaseObject;
        if (value is string text) return ParseBlocks(text);
        var node = ToNode(value);
        if (node is JsonArray array) return array;
        if (node is JsonObject obj) return new JsonArray(obj);
        throw new ArgumentException("Blocks must be a hashtable (one block), an array of them, or a JSON string.");
    }

    public static JsonArray ParseBlocks(string json)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json); }
        catch (JsonException ex) { throw new ArgumentException("The blocks are not valid JSON: " + ex.Message, ex); }
        if (node is JsonArray array) return array;
        if (node is JsonObject obj) return obj["blocks"] is JsonArray blocks ? (JsonArray)blocks.DeepClone() : new JsonArray(obj);
        throw new ArgumentException("The blocks JSON must be an array of blocks or one block.");
    }
}
