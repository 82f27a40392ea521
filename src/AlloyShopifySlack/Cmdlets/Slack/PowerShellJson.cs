using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlloyShopifySlack.Cmdlets.Slack
{
    /// <summary>
    /// What PowerShell users write for Block Kit (hashtables, arrays, [pscustomobject], or a JSON string) → JSON nodes.
    /// </summary>
    internal static class PowerShellJson
    {
        private const int MaxDepth = 32;

        public static JsonNode? ToNode(object? value, int depth = 0)
        {
            if (depth > MaxDepth) throw new ArgumentException($"The blocks are nested more than {MaxDepth} levels deep.");
            if (value is PSObject wrapped)
            {
                if (wrapped.BaseObject is PSCustomObject) return FromProperties(wrapped, depth);
                value = wrapped.BaseObject;
            }
            switch (value)
            {
                case null: return null;
                case JsonNode node: return node.DeepClone();
                case string text: return JsonValue.Create(text);
                case char c: return JsonValue.Create(c.ToString());
                case bool b: return JsonValue.Create(b);
                case int i: return JsonValue.Create(i);
                case long l: return JsonValue.Create(l);
                case double d: return JsonValue.Create(d);
                case float f: return JsonValue.Create(f);
                case decimal m: return JsonValue.Create(m);
                case short s: return JsonValue.Create(s);
                case byte by: return JsonValue.Create(by);
                case DateTime time: return JsonValue.Create(time.ToString("o", CultureInfo.InvariantCulture));
                case DateTimeOffset offset: return JsonValue.Create(offset.ToString("o", CultureInfo.InvariantCulture));
                case Enum e: return JsonValue.Create(e.ToString());
                case ScriptBlock _: throw new ArgumentException("A scriptblock cannot be part of Block Kit JSON.");
                case IDictionary dictionary:
                    var obj = new JsonObject();
                    foreach (DictionaryEntry entry in dictionary) obj[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = ToNode(entry.Value, depth + 1);
                    return obj;
                case IEnumerable list:
                    var array = new JsonArray();
                    foreach (var item in list) array.Add(ToNode(item, depth + 1));
                    return array;
                default:
                    if (value.GetType().IsPrimitive) return JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    return FromProperties(PSObject.AsPSObject(value), depth);
            }
        }

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

        private static JsonObject FromProperties(PSObject value, int depth)
        {
            var obj = new JsonObject();
            foreach (var property in value.Properties)
            {
                if (!property.IsGettable) continue;
                object? item;
                try { item = property.Value; }
                catch (GetValueException) { continue; }
                obj[property.Name] = ToNode(item, depth + 1);
            }
            return obj;
        }
    }
}
